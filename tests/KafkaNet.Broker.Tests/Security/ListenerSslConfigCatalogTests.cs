using KafkaNet.Broker.Configs;
using KafkaNet.Protocol;

namespace KafkaNet.Broker.Tests.Security;

/// <summary>listener.name.&lt;listener&gt;.ssl.* in the broker config catalog: known, per broker, as sensitive as the broker-wide config.</summary>
public sealed class ListenerSslConfigCatalogTests
{
    [Fact]
    public void A_listeners_ssl_config_is_a_per_broker_config_with_the_broker_wide_one_as_its_synonym()
    {
        var location = BrokerConfigCatalog.Find("listener.name.external.ssl.keystore.location");
        var password = BrokerConfigCatalog.Find("listener.name.external.ssl.keystore.password");

        Assert.Equal(DynamicUpdateMode.PerBroker, location?.Mode);
        Assert.Null(location?.DefaultValue);
        Assert.False(location?.IsSensitive);
        Assert.True(password?.IsSensitive);
        Assert.Equal(["listener.name.external.ssl.keystore.location", "ssl.keystore.location"],
            BrokerConfigCatalog.Synonyms("listener.name.external.ssl.keystore.location"));
        Assert.Equal("false", BrokerConfigCatalog.Find("ssl.allow.dn.changes")?.DefaultValue);
        Assert.Equal("false", BrokerConfigCatalog.Find("ssl.allow.san.changes")?.DefaultValue);
    }

    [Theory]
    [InlineData("listener.name.external.ssl.no.such.config")]
    [InlineData("listener.name.EXTERNAL.ssl.keystore.location")]
    [InlineData("listener.name.external.num.io.threads")]
    [InlineData("listener.name..ssl.keystore.location")]
    public void Other_listener_prefixed_names_stay_unknown(string name)
    {
        var error = BrokerConfigCatalog.ValidateDynamic([new(name, "x")], perBroker: true);

        Assert.Equal(ErrorCode.InvalidConfig, error.Code);
        Assert.Equal($"Unknown broker config name: {name}", error.Message);
    }

    [Fact]
    public void A_listeners_keystore_cannot_be_set_as_a_cluster_wide_default()
    {
        const string name = "listener.name.external.ssl.keystore.location";

        var error = BrokerConfigCatalog.ValidateDynamic([new(name, "/etc/kafkanet/broker.p12")], perBroker: false);

        Assert.Equal(ErrorCode.InvalidRequest, error.Code);
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
        Assert.False(BrokerConfigCatalog.ValidateDynamic([new(name, "/etc/kafkanet/broker.p12")], perBroker: true).IsError);
    }
}
