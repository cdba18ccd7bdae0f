using KafkaNet.Broker.Security.OAuthBearer;
using KafkaNet.Server.Configuration;

namespace KafkaNet.Server.Tests;

public sealed class OAuthBearerListenerConfigTests : IDisposable
{
    private const string Listeners = "listeners=SASL_PLAINTEXT://:9092";
    private const string Prefix = "listener.name.sasl_plaintext.oauthbearer.";
    private const string Jaas = Prefix + "sasl.jaas.config=org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required";
    private const string Secured = Prefix + "sasl.server.callback.handler.class=org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallbackHandler";
    private const string OnlyOAuthBearer = "sasl.enabled.mechanisms=OAUTHBEARER";

    private readonly string _jwks = Path.Combine(Path.GetTempPath(), "kafkanet-jwks-" + Guid.NewGuid().ToString("N") + ".json");

    public OAuthBearerListenerConfigTests() =>
        File.WriteAllText(_jwks, "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"k\",\"use\":\"sig\",\"n\":\"" + RsaModulus() + "\",\"e\":\"AQAB\"}]}");

    public void Dispose() => File.Delete(_jwks);

    [Fact]
    public void Unsecured_validation_is_the_default_and_reads_its_jaas_options()
    {
        var config = Props.Load(Listeners, OnlyOAuthBearer, Jaas + " unsecuredValidatorPrincipalClaimName=\"user\" unsecuredValidatorScopeClaimName=scp"
            + " unsecuredValidatorRequiredScope=\"read write\" unsecuredValidatorAllowableClockSkewMs=\"1500\";");

        var settings = ListenerSecurity.ReadSaslListeners(config)["SASL_PLAINTEXT"];

        var validator = Assert.IsType<UnsecuredJwtValidator>(settings.OAuthBearerValidator);
        Assert.Equal(("user", "scp", TimeSpan.FromMilliseconds(1500)), (validator.PrincipalClaimName, validator.ScopeClaimName, validator.AllowableClockSkew));
        Assert.Equal(["read", "write"], validator.RequiredScope);
        Assert.Equal(["OAUTHBEARER"], settings.EnabledMechanisms);
        Assert.Empty(settings.PlainUsers);
    }

    [Theory]
    [InlineData("org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallbackHandler")]
    [InlineData("org.apache.kafka.common.security.oauthbearer.secured.OAuthBearerValidatorCallbackHandler")]
    public void Kafkas_validator_class_checks_signed_tokens_against_the_jwks(string handler)
    {
        var config = Props.Load(Listeners, OnlyOAuthBearer, Jaas + ";", Prefix + "sasl.server.callback.handler.class=" + handler,
            "sasl.oauthbearer.jwks.endpoint.url=" + new Uri(_jwks).AbsoluteUri, "sasl.oauthbearer.expected.audience=kafka,other",
            Prefix + "sasl.oauthbearer.expected.issuer=https://issuer", "sasl.oauthbearer.clock.skew.seconds=5", Prefix + "sasl.oauthbearer.sub.claim.name=client_id");

        var validator = Assert.IsType<JwksValidator>(ListenerSecurity.ReadSaslListeners(config)["SASL_PLAINTEXT"].OAuthBearerValidator);

        Assert.Equal(["kafka", "other"], validator.ExpectedAudiences);
        Assert.Equal(("https://issuer", "client_id", "scope", TimeSpan.FromSeconds(5)), (validator.ExpectedIssuer, validator.SubjectClaimName, validator.ScopeClaimName, validator.ClockSkew));
    }

    [Fact]
    public void Connections_max_reauth_ms_is_read_for_each_mechanism_with_the_listener_forms_first()
    {
        string[] common = [Listeners, "sasl.enabled.mechanisms=PLAIN,OAUTHBEARER", Jaas + ";",
            "listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_a=\"a\";"];

        Assert.Equal(new Dictionary<string, long> { ["PLAIN"] = 0, ["OAUTHBEARER"] = 0 }, Reauth(common));
        Assert.Equal(new Dictionary<string, long> { ["PLAIN"] = 9000, ["OAUTHBEARER"] = 9000 }, Reauth([.. common, "connections.max.reauth.ms=9000"]));
        Assert.Equal(new Dictionary<string, long> { ["PLAIN"] = 7000, ["OAUTHBEARER"] = 3000 },
            Reauth([.. common, "connections.max.reauth.ms=9000", "listener.name.sasl_plaintext.connections.max.reauth.ms=7000", Prefix + "connections.max.reauth.ms=3000"]));
    }

    [Theory]
    [InlineData(null, "Invalid value null for configuration listener.name.sasl_plaintext.oauthbearer.sasl.jaas.config: SASL listener SASL_PLAINTEXT enables OAUTHBEARER and needs a JAAS configuration naming org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule")]
    [InlineData(Prefix + "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required;",
        "Invalid value [hidden] for configuration listener.name.sasl_plaintext.oauthbearer.sasl.jaas.config: the login module is org.apache.kafka.common.security.plain.PlainLoginModule, OAUTHBEARER needs org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule")]
    [InlineData(Jaas + " unsecuredValidatorAllowableClockSkewMs=\"-1\";",
        "Invalid value [hidden] for configuration listener.name.sasl_plaintext.oauthbearer.sasl.jaas.config: unsecuredValidatorAllowableClockSkewMs must be a non-negative whole number of milliseconds")]
    [InlineData(Secured,
        "Invalid value null for configuration sasl.oauthbearer.jwks.endpoint.url: OAuthBearerValidatorCallbackHandler needs the JWKS of the token issuer (a file: or https: URL)")]
    [InlineData(Prefix + "sasl.server.callback.handler.class=com.example.MyHandler",
        "Invalid value com.example.MyHandler for configuration listener.name.sasl_plaintext.oauthbearer.sasl.server.callback.handler.class: KafkaNet validates OAUTHBEARER tokens with org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallbackHandler or, unset, unsecured JWTs")]
    [InlineData("sasl.oauthbearer.jwks.endpoint.url=http://keys.example/jwks",
        "Invalid value http://keys.example/jwks for configuration sasl.oauthbearer.jwks.endpoint.url: a JWKS URL is file: or https:")]
    [InlineData("sasl.oauthbearer.jwks.endpoint.url=file:///nonexistent/jwks.json",
        "Invalid value file:///nonexistent/jwks.json for configuration sasl.oauthbearer.jwks.endpoint.url: the JWKS file /nonexistent/jwks.json cannot be read: Could not find a part of the path '/nonexistent/jwks.json'.")]
    public void Refuses_unusable_oauthbearer_settings_at_startup(string? setting, string message)
    {
        List<string> properties = [Listeners, OnlyOAuthBearer];
        if (setting is not null)
        {
            properties.Add(setting);
        }
        if (setting is not null && !setting.Contains("sasl.jaas.config", StringComparison.Ordinal))
        {
            properties.Add(Jaas + ";");
            if (!setting.Contains("handler", StringComparison.Ordinal))
            {
                properties.Add(Secured);
            }
        }

        var e = Assert.Throws<ConfigException>(() => ListenerSecurity.ReadSaslListeners(Props.Load([.. properties])));

        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Oauthbearer_properties_are_known_and_listener_forms_not_reported_unknown()
    {
        var loaded = Props.LoadResult(Listeners, OnlyOAuthBearer, Jaas + ";", Secured, "sasl.oauthbearer.jwks.endpoint.url=" + new Uri(_jwks).AbsoluteUri,
            "connections.max.reauth.ms=60000", Prefix + "connections.max.reauth.ms=1000");

        Assert.Empty(loaded.Warnings);
        Assert.Equal(60000L, loaded.Config.GetValue("connections.max.reauth.ms"));
    }

    private static Dictionary<string, long> Reauth(string[] properties) =>
        ListenerSecurity.ReadSaslListeners(Props.Load(properties))["SASL_PLAINTEXT"].ConnectionsMaxReauthMs.ToDictionary();

    private static string RsaModulus()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        return System.Buffers.Text.Base64Url.EncodeToString(rsa.ExportParameters(false).Modulus);
    }
}
