using System.Text;
using Confluent.Kafka;
using KafkaNet.Broker.Security.OAuthBearer;
using KafkaNet.Broker.Tests.Network;
using KafkaNet.Protocol.Messages;
using Microsoft.IdentityModel.Tokens;
using static KafkaNet.Broker.Tests.Security.OAuthBearer.SaslWire;

namespace KafkaNet.Broker.Tests.Security.OAuthBearer;

/// <summary>
/// A listener that validates signed tokens against a JWKS file (Kafka's OAuthBearerValidatorCallbackHandler) and ends
/// sessions after connections.max.reauth.ms=3000, with real clients and raw frames.
/// </summary>
public sealed class OAuthBearerJwksTests(OAuthBearerJwksTests.Node fixture) : IClassFixture<OAuthBearerJwksTests.Node>
{
    private const string Topic = "oauth";
    // Long enough that librdkafka, re-authenticating at about 90% of a session, is not late on a loaded machine.
    private const long MaxReauthMs = 3000;
    private const string InvalidTokenJson = "{\"status\":\"invalid_token\"}";

    private readonly TestTokens _issuer = fixture.Issuer;
    private readonly SaslNode _node = fixture.Sasl;

    /// <summary>The class's node and token issuer; on dispose, checks that no token the tests used was logged.</summary>
    public sealed class Node : IAsyncLifetime
    {
        private readonly string _directory = Path.Combine(Path.GetTempPath(), "kafkanet-oauth-" + Guid.NewGuid().ToString("N"));

        internal TestTokens Issuer { get; private set; } = null!;

        internal SaslNode Sasl { get; private set; } = null!;

        internal List<string> TokensUsed { get; } = [];

        public async Task InitializeAsync()
        {
            Directory.CreateDirectory(_directory);
            Issuer = new TestTokens(_directory);
            const string prefix = "listener.name.sasl_plaintext.oauthbearer.";
            Sasl = await SaslNode.StartAsync(_directory,
                "sasl.enabled.mechanisms=OAUTHBEARER",
                prefix + "sasl.jaas.config=org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required ;",
                prefix + "sasl.server.callback.handler.class=org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallbackHandler",
                prefix + "sasl.oauthbearer.jwks.endpoint.url=" + new Uri(Issuer.JwksPath).AbsoluteUri,
                "sasl.oauthbearer.expected.audience=kafka",
                "sasl.oauthbearer.expected.issuer=" + TestTokens.Issuer,
                prefix + "connections.max.reauth.ms=" + MaxReauthMs);
        }

        public async Task DisposeAsync()
        {
            await Sasl.DisposeAsync();
            // No token, nor its signature alone, in anything the broker logged.
            foreach (string token in TokensUsed)
            {
                string signature = token.Split('.')[^1];
                Assert.DoesNotContain(Sasl.Log.Messages, m => m.Contains(token, StringComparison.Ordinal) || (signature.Length > 0 && m.Contains(signature, StringComparison.Ordinal)));
            }
            Issuer.Dispose();
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Confluent_clients_with_a_signed_token_produce_and_consume()
    {
        using (var producer = Producer("alice"))
        {
            var delivered = await producer.ProduceAsync(Topic, new Message<Null, string> { Value = "hello with a token" });
            Assert.Equal(PersistenceStatus.Persisted, delivered.Status);
        }
        using var consumer = new ConsumerBuilder<Ignore, string>(new ConsumerConfig(ClientConfig()) { GroupId = "oauth-group", AutoOffsetReset = AutoOffsetReset.Earliest })
            .SetOAuthBearerTokenRefreshHandler(RefreshWith("bob"))
            .Build();
        consumer.Subscribe(Topic);
        var consumed = consumer.Consume(TimeSpan.FromSeconds(30));
        consumer.Close();

        Assert.Equal("hello with a token", consumed?.Message.Value);
    }

    [Fact]
    public async Task Es256_token_authenticates_user_named_by_its_subject_and_extensions_are_accepted()
    {
        using var connection = await RawKafkaConnection.ConnectAsync(_node.Port);
        string token = Use(_issuer.Sign("carol", TimeSpan.FromHours(1), _issuer.EcKey));
        Assert.Equal(0, (await HandshakeAsync(connection, 1)).ErrorCode);

        var answer = await AuthenticateAsync(connection, 2, TestTokens.ClientMessage(token, authorizationId: "carol", extensions: "traceId=abc\u0001"));

        Assert.Equal((0, MaxReauthMs), (answer.ErrorCode, answer.SessionLifetimeMs));
        Assert.Single((await MetadataAsync(connection, 3)).Brokers);
    }

    public static TheoryData<string> RefusedTokens => ["expired", "stranger key", "wrong audience", "wrong issuer", "alg none", "not a jwt"];

    [Theory]
    [MemberData(nameof(RefusedTokens))]
    public async Task Refused_token_gets_the_json_error_then_sasl_authentication_failed_and_the_broker_keeps_serving(string kind)
    {
        string token = Use(kind switch
        {
            "expired" => _issuer.Sign("alice", TimeSpan.FromMinutes(-5)),
            "stranger key" => _issuer.Sign("alice", TimeSpan.FromHours(1), _issuer.StrangerKey),
            "wrong audience" => _issuer.Sign("alice", TimeSpan.FromHours(1), audience: "someone-else"),
            "wrong issuer" => _issuer.Sign("alice", TimeSpan.FromHours(1), issuer: "https://elsewhere.test"),
            "alg none" => TestTokens.Unsecured(new { sub = "alice", iat = TestTokens.UnixSeconds(TimeSpan.Zero), exp = TestTokens.UnixSeconds(TimeSpan.FromHours(1)), aud = "kafka", iss = TestTokens.Issuer }),
            _ => "abc.def",
        });
        using var connection = await RawKafkaConnection.ConnectAsync(_node.Port);

        var challenge = await LogInAsync(connection, token);
        Assert.Equal((0, InvalidTokenJson), (challenge.ErrorCode, Encoding.UTF8.GetString(challenge.AuthBytes.Span)));
        var failure = await AuthenticateAsync(connection, 3, [0x01]);

        Assert.Equal(((short)Protocol.ErrorCode.SaslAuthenticationFailed, InvalidTokenJson), (failure.ErrorCode, failure.ErrorMessage));
        Assert.True(await connection.IsClosedByBrokerAsync());
        await AssertStillServingAsync();
    }

    [Theory]
    [InlineData("n,,\u0001auth=Bearer\u0001\u0001")]
    [InlineData("y,,\u0001auth=Bearer abc.def.ghi\u0001\u0001")]
    [InlineData("n,,\u0001auth=Basic abc\u0001\u0001")]
    [InlineData("n,,\u0001auth=Bearer a.b.c\u0001")]
    [InlineData("")]
    public async Task Malformed_client_message_is_refused_without_a_challenge(string message)
    {
        using var connection = await RawKafkaConnection.ConnectAsync(_node.Port);
        Assert.Equal(0, (await HandshakeAsync(connection, 1)).ErrorCode);

        var failure = await AuthenticateAsync(connection, 2, Encoding.UTF8.GetBytes(message));

        Assert.Equal(((short)Protocol.ErrorCode.SaslAuthenticationFailed, OAuthBearerSaslServer.MalformedMessage), (failure.ErrorCode, failure.ErrorMessage));
        Assert.True(await connection.IsClosedByBrokerAsync());
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task After_a_v0_handshake_bare_tokens_get_the_challenge_and_the_acknowledgement_closes_the_connection()
    {
        using var valid = await RawKafkaConnection.ConnectAsync(_node.Port);
        await HandshakeV0Async(valid);
        await valid.SendAsync(SizePrefixed(TestTokens.ClientMessage(Use(_issuer.Sign("alice", TimeSpan.FromHours(1))))));
        Assert.Equal(0, (await valid.ReceiveFrameAsync())?.Length);
        Assert.Empty((await MetadataAsync(valid, 2)).Topics);

        using var invalid = await RawKafkaConnection.ConnectAsync(_node.Port);
        await HandshakeV0Async(invalid);
        await invalid.SendAsync(SizePrefixed(TestTokens.ClientMessage(Use(_issuer.Sign("alice", TimeSpan.FromMinutes(-5))))));
        Assert.Equal(InvalidTokenJson, Encoding.UTF8.GetString(await invalid.ReceiveFrameAsync() ?? []));
        await invalid.SendAsync(SizePrefixed([0x01]));

        Assert.True(await invalid.IsClosedByBrokerAsync());
    }

    private static async Task HandshakeV0Async(RawKafkaConnection connection)
    {
        await connection.SendRequestAsync(SaslHandshakeRequest.ApiKey, 0, 1, new SaslHandshakeRequest { Mechanism = "OAUTHBEARER" }, flexibleHeader: false);
        Assert.Equal(0, (await Network.PipelinedWire.ReceiveAsync<SaslHandshakeResponse>(connection, 1, 0)).ErrorCode);
    }

    private static byte[] SizePrefixed(byte[] token)
    {
        var frame = new byte[4 + token.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(frame, token.Length);
        token.CopyTo(frame, 4);
        return frame;
    }

    [Fact]
    public async Task Authorization_id_other_than_the_subject_is_refused()
    {
        using var connection = await RawKafkaConnection.ConnectAsync(_node.Port);
        Assert.Equal(0, (await HandshakeAsync(connection, 1)).ErrorCode);

        var failure = await AuthenticateAsync(connection, 2, TestTokens.ClientMessage(Use(_issuer.Sign("alice", TimeSpan.FromHours(1))), authorizationId: "admin"));

        Assert.Equal((short)Protocol.ErrorCode.SaslAuthenticationFailed, failure.ErrorCode);
        Assert.Equal("Authentication failed: Client requested an authorization id (admin) that is different from the token's principal name (alice)", failure.ErrorMessage);
    }

    [Fact]
    public async Task Session_lifetime_is_the_tokens_time_left_when_that_is_shorter_than_connections_max_reauth_ms()
    {
        using var connection = await RawKafkaConnection.ConnectAsync(_node.Port);

        var answer = await LogInAsync(connection, Use(_issuer.Sign("alice", TimeSpan.FromSeconds(1.9))));

        Assert.Equal(0, answer.ErrorCode);
        Assert.InRange(answer.SessionLifetimeMs, 1, MaxReauthMs - 1);
    }

    [Fact]
    public async Task Client_that_does_not_reauthenticate_is_closed_on_its_first_request_after_the_session_ends()
    {
        using var connection = await RawKafkaConnection.ConnectAsync(_node.Port);
        var answer = await LogInAsync(connection, Use(_issuer.Sign("alice", TimeSpan.FromHours(1))));
        Assert.Equal((0, MaxReauthMs), (answer.ErrorCode, answer.SessionLifetimeMs));
        Assert.Empty((await MetadataAsync(connection, 3)).Topics);

        await Task.Delay(TimeSpan.FromMilliseconds(MaxReauthMs + 300));
        await connection.SendRequestAsync(MetadataRequest.ApiKey, 4, 4, new MetadataRequest { Topics = [], AllowAutoTopicCreation = false }, flexibleHeader: false);

        Assert.True(await connection.IsClosedByBrokerAsync());
        Assert.Contains(_node.Log.Messages, m => m.Contains("Metadata the SASL session expired and the client did not re-authenticate", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Raw_client_reauthenticates_on_its_connection_and_keeps_being_served()
    {
        using var connection = await RawKafkaConnection.ConnectAsync(_node.Port);
        Assert.Equal(0, (await LogInAsync(connection, Use(_issuer.Sign("alice", TimeSpan.FromHours(1))))).ErrorCode);

        var again = await LogInAsync(connection, Use(_issuer.Sign("alice", TimeSpan.FromHours(1), _issuer.EcKey)), firstCorrelationId: 3);

        Assert.Equal((0, MaxReauthMs), (again.ErrorCode, again.SessionLifetimeMs));
        Assert.Empty((await MetadataAsync(connection, 5)).Topics);
    }

    [Fact]
    public async Task Reauthentication_as_another_principal_is_refused_and_closes_the_connection()
    {
        using var connection = await RawKafkaConnection.ConnectAsync(_node.Port);
        Assert.Equal(0, (await LogInAsync(connection, Use(_issuer.Sign("alice", TimeSpan.FromHours(1))))).ErrorCode);

        var refused = await LogInAsync(connection, Use(_issuer.Sign("mallory", TimeSpan.FromHours(1))), firstCorrelationId: 3);

        Assert.Equal((short)Protocol.ErrorCode.SaslAuthenticationFailed, refused.ErrorCode);
        Assert.Equal("Cannot change principals during re-authentication from User.alice: User.mallory", refused.ErrorMessage);
        Assert.True(await connection.IsClosedByBrokerAsync());
    }

    [Fact]
    public async Task Confluent_producer_keeps_producing_across_reauthentications()
    {
        int before = Reauthentications("alice");
        using var producer = Producer("alice");
        var until = DateTime.UtcNow + TimeSpan.FromMilliseconds(MaxReauthMs * 3);
        int sent = 0;
        while (DateTime.UtcNow < until && sent < 200)
        {
            var delivered = await producer.ProduceAsync(Topic, new Message<Null, string> { Value = "record " + sent++ });
            Assert.Equal(PersistenceStatus.Persisted, delivered.Status);
            await Task.Delay(100);
        }

        Assert.True(Reauthentications("alice") - before >= 2, $"re-authentications seen by the broker: {Reauthentications("alice") - before}");
        Assert.DoesNotContain(_node.Log.Messages, m => m.Contains("session expired", StringComparison.Ordinal) && m.Contains("Produce", StringComparison.Ordinal));
    }

    private int Reauthentications(string user) =>
        _node.Log.Messages.Count(m => m.Contains($"re-authenticated User:{user} with OAUTHBEARER", StringComparison.Ordinal));

    private async Task AssertStillServingAsync()
    {
        using var connection = await RawKafkaConnection.ConnectAsync(_node.Port);
        Assert.Equal(0, (await LogInAsync(connection, Use(_issuer.Sign("admin", TimeSpan.FromHours(1))))).ErrorCode);
        Assert.Empty((await MetadataAsync(connection, 3)).Topics);
    }

    private string Use(string token)
    {
        lock (fixture.TokensUsed)
        {
            fixture.TokensUsed.Add(token);
        }
        return token;
    }

    private IProducer<Null, string> Producer(string user) =>
        new ProducerBuilder<Null, string>(new ProducerConfig(ClientConfig()) { MessageTimeoutMs = 20_000 })
            .SetOAuthBearerTokenRefreshHandler(RefreshWith(user))
            .Build();

    /// <summary>Hands librdkafka a freshly signed token whenever it asks.</summary>
    private Action<IClient, string> RefreshWith(string user) => (client, _) =>
    {
        string token = Use(_issuer.Sign(user, TimeSpan.FromHours(1)));
        client.OAuthBearerSetToken(token, DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds(), user);
    };

    private ClientConfig ClientConfig() => new()
    {
        BootstrapServers = _node.BootstrapServers,
        SecurityProtocol = Confluent.Kafka.SecurityProtocol.SaslPlaintext,
        SaslMechanism = SaslMechanism.OAuthBearer,
        SaslOauthbearerMethod = SaslOauthbearerMethod.Default,
    };
}
