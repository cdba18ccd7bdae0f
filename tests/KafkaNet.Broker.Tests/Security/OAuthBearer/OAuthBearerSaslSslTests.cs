using System.Security.Cryptography.X509Certificates;
using Confluent.Kafka;

namespace KafkaNet.Broker.Tests.Security.OAuthBearer;

/// <summary>
/// OAUTHBEARER over SASL_SSL with Confluent.Kafka: the client verifies the broker's certificate against a test authority,
/// and hands librdkafka RS256 tokens the test signs, checked by the broker against its JWKS file.
/// </summary>
public sealed class OAuthBearerSaslSslTests : IAsyncLifetime
{
    private const string Topic = "oauth-ssl";
    private const string Prefix = "listener.name.sasl_ssl.oauthbearer.";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "kafkanet-oauth-ssl-" + Guid.NewGuid().ToString("N"));
    private X509Certificate2 _authority = null!;
    private X509Certificate2 _server = null!;
    private TestTokens _issuer = null!;
    private SaslNode _node = null!;

    private string CaPath => Path.Combine(_directory, "ca.pem");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _issuer = new TestTokens(_directory);
        _authority = TestCertificates.CreateAuthority("oauth-ssl-authority");
        _server = TestCertificates.IssueServer(_authority);
        string keystore = Path.Combine(_directory, "keystore.p12");
        await File.WriteAllBytesAsync(keystore, TestCertificates.Pkcs12("store-secret", _server, _authority));
        await File.WriteAllTextAsync(CaPath, TestCertificates.CertificatePem(_authority));
        _node = await SaslNode.StartOnAsync("SASL_SSL", _directory,
            "ssl.keystore.location=" + keystore,
            "ssl.keystore.password=store-secret",
            "sasl.enabled.mechanisms=OAUTHBEARER",
            Prefix + "sasl.jaas.config=org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required ;",
            Prefix + "sasl.server.callback.handler.class=org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallbackHandler",
            Prefix + "sasl.oauthbearer.jwks.endpoint.url=" + new Uri(_issuer.JwksPath).AbsoluteUri,
            "sasl.oauthbearer.expected.audience=" + TestTokens.Audience,
            "sasl.oauthbearer.expected.issuer=" + TestTokens.Issuer);
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _issuer.Dispose();
        _server.Dispose();
        _authority.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Clients_with_a_signed_rs256_token_produce_and_consume_over_sasl_ssl()
    {
        using (var producer = new ProducerBuilder<Null, string>(new ProducerConfig(ClientConfig()) { MessageTimeoutMs = 20_000 })
            .SetOAuthBearerTokenRefreshHandler(RefreshWith("alice", TimeSpan.FromHours(1)))
            .Build())
        {
            var delivered = await producer.ProduceAsync(Topic, new Message<Null, string> { Value = "signed and encrypted" });
            Assert.Equal(PersistenceStatus.Persisted, delivered.Status);
        }
        using var consumer = new ConsumerBuilder<Ignore, string>(new ConsumerConfig(ClientConfig()) { GroupId = "oauth-ssl-group", AutoOffsetReset = AutoOffsetReset.Earliest })
            .SetOAuthBearerTokenRefreshHandler(RefreshWith("bob", TimeSpan.FromHours(1)))
            .Build();
        consumer.Subscribe(Topic);
        var consumed = consumer.Consume(TimeSpan.FromSeconds(30));
        consumer.Close();

        Assert.Equal("signed and encrypted", consumed?.Message.Value);
    }

    [Fact]
    public async Task An_expired_token_is_refused_over_sasl_ssl_and_the_produce_fails()
    {
        var errors = new List<Error>();
        using (var producer = new ProducerBuilder<Null, string>(new ProducerConfig(ClientConfig()) { MessageTimeoutMs = 5000 })
            .SetOAuthBearerTokenRefreshHandler(RefreshWith("alice", TimeSpan.FromMinutes(-5)))
            .SetErrorHandler((_, e) => { lock (errors) { errors.Add(e); } })
            .Build())
        {
            await Assert.ThrowsAsync<ProduceException<Null, string>>(() => producer.ProduceAsync(Topic, new Message<Null, string> { Value = "refused" }));
        }

        lock (errors)
        {
            var refused = Assert.Single(errors.Where(e => e.Code == Confluent.Kafka.ErrorCode.Local_Authentication).Take(1));
            Assert.Contains("invalid_token", refused.Reason, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// Signs a token for <paramref name="user"/> expiring after <paramref name="lifetime"/>. librdkafka refuses a lifetime
    /// already past, so it is told one hour ahead whatever the token says: only the broker reads the token's exp.
    /// </summary>
    private Action<IClient, string> RefreshWith(string user, TimeSpan lifetime) => (client, _) =>
        client.OAuthBearerSetToken(_issuer.Sign(user, lifetime), DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds(), user);

    private ClientConfig ClientConfig() => new()
    {
        BootstrapServers = _node.BootstrapServers,
        SecurityProtocol = Confluent.Kafka.SecurityProtocol.SaslSsl,
        SslCaLocation = CaPath,
        SaslMechanism = SaslMechanism.OAuthBearer,
        SaslOauthbearerMethod = SaslOauthbearerMethod.Default,
    };
}
