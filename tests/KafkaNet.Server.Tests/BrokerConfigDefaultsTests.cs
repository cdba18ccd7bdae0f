using KafkaNet.Server.Configuration;

namespace KafkaNet.Server.Tests;

public class BrokerConfigDefaultsTests
{
    [Fact]
    public void No_properties_gives_a_single_local_broker()
    {
        var result = Props.LoadResult();
        var config = result.Config;

        Assert.Empty(result.Warnings);
        Assert.Equal(1, config.NodeId);
        Assert.Equal(["broker", "controller"], config.ProcessRoles);
        Assert.True(config.IsBroker);
        Assert.True(config.IsController);
        Assert.Equal(new ListenerEndpoint("PLAINTEXT", "", 9092), Assert.Single(config.Listeners));
        Assert.Equal("PLAINTEXT://localhost:9092", Assert.Single(config.AdvertisedListeners).ToString());
        Assert.Equal("PLAINTEXT", config.InterBrokerListenerName);
        Assert.Equal(["./data"], config.LogDirs);
        Assert.Null(config.ClusterId);
        Assert.Empty(config.ControllerQuorumVoters);
        Assert.Empty(config.ControllerListenerNames);
    }

    [Fact]
    public void Numeric_defaults_match_kafka()
    {
        var config = Props.Load();

        Assert.Equal(104857600, config.SocketRequestMaxBytes);
        Assert.Equal(1, config.NumPartitions);
        Assert.Equal(1, config.DefaultReplicationFactor);
        Assert.True(config.AutoCreateTopicsEnable);
        Assert.Equal(1048588, config.MessageMaxBytes);
        Assert.Equal(1073741824, config.LogSegmentBytes);
        Assert.Equal(168L * 60 * 60 * 1000, config.LogRetentionMs);
        Assert.Equal(-1, config.LogRetentionBytes);
        Assert.Equal(168L * 60 * 60 * 1000, config.LogRollMs);
        Assert.Equal(long.MaxValue, config.LogFlushIntervalMessages);
        Assert.Equal(long.MaxValue, config.LogFlushIntervalMs);
        Assert.Equal(600000, config.ConnectionsMaxIdleMs);
        Assert.Equal(50, config.OffsetsTopicNumPartitions);
        Assert.Equal(3000, config.GroupInitialRebalanceDelayMs);
        Assert.Equal(900000, config.TransactionMaxTimeoutMs);
    }

    [Fact]
    public void Default_security_protocol_map_is_kafkas()
    {
        var map = Props.Load().ListenerSecurityProtocolMap;

        Assert.Equal(4, map.Count);
        Assert.Equal(SecurityProtocol.Plaintext, map["PLAINTEXT"]);
        Assert.Equal(SecurityProtocol.Ssl, map["SSL"]);
        Assert.Equal(SecurityProtocol.SaslPlaintext, map["SASL_PLAINTEXT"]);
        Assert.Equal(SecurityProtocol.SaslSsl, map["SASL_SSL"]);
    }

    public static TheoryData<string> RowNames() => [.. BrokerConfigDefinitions.All.Select(row => row.Name)];

    [Theory]
    [MemberData(nameof(RowNames))]
    public void Every_row_is_documented_and_its_default_is_valid(string name)
    {
        var row = BrokerConfigDefinitions.Find(name)!;

        Assert.False(string.IsNullOrWhiteSpace(row.Documentation));
        if (row.DefaultValue is not null)
        {
            row.Parse(row.DefaultValue);
        }
    }

    [Fact]
    public void Row_names_and_aliases_are_unique()
    {
        var names = BrokerConfigDefinitions.All.SelectMany(row => row.Aliases.Prepend(row.Name)).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
    }

    [Fact]
    public void Any_row_can_be_read_by_name_or_alias()
    {
        var config = Props.Load("num.partitions=3");

        Assert.Equal(3, config.GetValue("num.partitions"));
        Assert.Equal(1, config.GetValue("broker.id"));
        Assert.Null(config.GetValue("log.retention.ms"));
        Assert.Equal(new[] { "./data" }, Assert.IsAssignableFrom<IReadOnlyList<string>>(config.GetValue("log.dir")));
        Assert.Throws<ArgumentException>(() => config.GetValue("no.such.property"));
    }
}
