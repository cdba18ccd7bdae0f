using System.Text;
using Confluent.Kafka;
using KafkaNet.Broker.Tests.Network;
using static KafkaNet.Broker.Tests.Security.OAuthBearer.SaslWire;

namespace KafkaNet.Broker.Tests.Security.OAuthBearer;

/// <summary>
/// A listener with Kafka's default OAUTHBEARER validation (unsecured JWTs, for development) that requires the scope
/// "kafka", as unsecuredValidatorRequiredScope sets it; no connections.max.reauth.ms, so sessions last as long as the token.
/// </summary>
public sealed class OAuthBearerUnsecuredTests(OAuthBearerUnsecuredTests.Node fixture) : IClassFixture<OAuthBearerUnsecuredTests.Node>
{
    private const string Topic = "unsecured";

    private readonly SaslNode _node = fixture.Sasl;

    /// <summary>The class's node.</summary>
    public sealed class Node : IAsyncLifetime
    {
        private readonly string _directory = Path.Combine(Path.GetTempPath(), "kafkanet-oauth-unsecured-" + Guid.NewGuid().ToString("N"));

        internal SaslNode Sasl { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Directory.CreateDirectory(_directory);
            Sasl = await SaslNode.StartAsync(_directory,
                "sasl.enabled.mechanisms=OAUTHBEARER",
                "listener.name.sasl_plaintext.oauthbearer.sasl.jaas.config=org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required"
                + " unsecuredValidatorRequiredScope=\"kafka\" unsecuredValidatorAllowableClockSkewMs=\"1000\";");
        }

        public async Task DisposeAsync()
        {
            await Sasl.DisposeAsync();
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Librdkafka_builtin_unsecured_token_produces_and_consumes()
    {
        var client = new ClientConfig
        {
            BootstrapServers = _node.BootstrapServers,
            SecurityProtocol = Confluent.Kafka.SecurityProtocol.SaslPlaintext,
            SaslMechanism = SaslMechanism.OAuthBearer,
            SaslOauthbearerConfig = "principal=alice scope=kafka",
            EnableSaslOauthbearerUnsecureJwt = true,
        };
        using (var producer = new ProducerBuilder<Null, string>(new ProducerConfig(client)).Build())
        {
            Assert.Equal(PersistenceStatus.Persisted, (await producer.ProduceAsync(Topic, new Message<Null, string> { Value = "unsecured hello" })).Status);
        }
        using var consumer = new ConsumerBuilder<Ignore, string>(new ConsumerConfig(client) { GroupId = "unsecured-group", AutoOffsetReset = AutoOffsetReset.Earliest }).Build();
        consumer.Subscribe(Topic);
        var consumed = consumer.Consume(TimeSpan.FromSeconds(30));
        consumer.Close();

        Assert.Equal("unsecured hello", consumed?.Message.Value);
    }

    [Fact]
    public async Task Session_lasts_as_long_as_the_token_when_no_reauthentication_limit_is_set()
    {
        using var connection = await RawKafkaConnection.ConnectAsync(_node.Port);

        var answer = await LogInAsync(connection, Token("alice", TimeSpan.FromMinutes(10), scope: "kafka other"));

        Assert.Equal(0, answer.ErrorCode);
        Assert.InRange(answer.SessionLifetimeMs, 590_000, 600_000);
        Assert.Empty((await MetadataAsync(connection, 3)).Topics);
    }

    [Fact]
    public async Task Token_without_the_required_scope_gets_insufficient_scope()
    {
        using var connection = await RawKafkaConnection.ConnectAsync(_node.Port);

        var challenge = await LogInAsync(connection, Token("alice", TimeSpan.FromMinutes(10), scope: "other"));
        var failure = await AuthenticateAsync(connection, 3, [0x01]);

        const string expected = "{\"status\":\"insufficient_scope\", \"scope\":\"[kafka]\"}";
        Assert.Equal(expected, Encoding.UTF8.GetString(challenge.AuthBytes.Span));
        Assert.Equal(((short)Protocol.ErrorCode.SaslAuthenticationFailed, expected), (failure.ErrorCode, failure.ErrorMessage));
        Assert.True(await connection.IsClosedByBrokerAsync());
    }

    [Theory]
    [InlineData("expired")]
    [InlineData("signed")]
    [InlineData("no subject")]
    public async Task Unusable_unsecured_token_is_refused(string kind)
    {
        string token = kind switch
        {
            "expired" => Token("alice", TimeSpan.FromSeconds(-5)),
            "signed" => Token("alice", TimeSpan.FromMinutes(10)) + "c2lnbmF0dXJl",
            _ => TestTokens.Unsecured(new { exp = TestTokens.UnixSeconds(TimeSpan.FromMinutes(10)), scope = "kafka" }),
        };
        using var connection = await RawKafkaConnection.ConnectAsync(_node.Port);

        var challenge = await LogInAsync(connection, token);
        var failure = await AuthenticateAsync(connection, 3, [0x01]);

        Assert.Equal("{\"status\":\"invalid_token\"}", Encoding.UTF8.GetString(challenge.AuthBytes.Span));
        Assert.Equal((short)Protocol.ErrorCode.SaslAuthenticationFailed, failure.ErrorCode);
        Assert.DoesNotContain(_node.Log.Messages, m => m.Contains(token, StringComparison.Ordinal));
    }

    private static string Token(string subject, TimeSpan lifetime, string scope = "kafka") =>
        TestTokens.Unsecured(new { sub = subject, iat = TestTokens.UnixSeconds(lifetime - TimeSpan.FromHours(1)), exp = TestTokens.UnixSeconds(lifetime), scope });
}
