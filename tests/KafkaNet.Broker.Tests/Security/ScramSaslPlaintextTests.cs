using System.Buffers.Binary;
using System.Text;
using Confluent.Kafka;
using KafkaNet.Broker.Tests.Network;
using KafkaNet.Protocol.Messages;
using static KafkaNet.Broker.Tests.Network.PipelinedWire;
using BrokerScram = KafkaNet.Broker.Security.Scram.ScramMechanism;

namespace KafkaNet.Broker.Tests.Security;

/// <summary>
/// SCRAM-SHA-256 over SASL_PLAINTEXT: Confluent.Kafka clients, raw-socket attacks on the exchange (each refused, the
/// broker keeps serving, nothing secret logged), the v0 raw-token path, and credentials surviving a restart.
/// </summary>
public sealed class ScramSaslPlaintextTests : IAsyncLifetime
{
    private const string Topic = "scram-plain";
    private const string Generic = "Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-256";
    private ScramNode _node = null!;

    public async Task InitializeAsync()
    {
        _node = await ScramNode.StartAsync("SASL_PLAINTEXT", "SCRAM-SHA-256");
        await _node.CreateUserAsync("bob", "bob-secret", iterations: 4096);
    }

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task A_producer_and_a_consumer_authenticate_with_scram_sha_256_also_after_a_restart()
    {
        await ProduceAndConsumeAsync("before restart");

        await _node.RestartAsync();

        await ProduceAndConsumeAsync("after restart");
    }

    [Fact]
    public async Task A_raw_exchange_over_sasl_authenticate_gets_the_server_signature()
    {
        using var connection = await ConnectAsync();
        var client = new ScramTestClient(BrokerScram.Sha256, "bob", "bob-secret", "rawnonce");

        var first = await AuthenticateAsync(connection, client.ClientFirst(), 2);
        var final = await AuthenticateAsync(connection, client.ClientFinal(first.AuthBytes.ToArray()), 3);

        Assert.Equal((0, 0), (first.ErrorCode, final.ErrorCode));
        Assert.Equal(client.ExpectedServerFinal(), Encoding.UTF8.GetString(final.AuthBytes.Span));
        await connection.SendAsync(FetchFrame(4, Topic, 0));
        Assert.NotNull(await connection.ReceiveFrameAsync());
    }

    [Fact]
    public async Task After_a_v0_handshake_bare_scram_tokens_authenticate_as_kafka_python_sends_them()
    {
        using var connection = await RawKafkaConnection.ConnectAsync(_node.Port);
        await connection.SendRequestAsync(SaslHandshakeRequest.ApiKey, 0, 1, new SaslHandshakeRequest { Mechanism = "SCRAM-SHA-256" }, flexibleHeader: false);
        Assert.Equal(0, (await ReceiveAsync<SaslHandshakeResponse>(connection, 1, 0)).ErrorCode);
        var client = new ScramTestClient(BrokerScram.Sha256, "bob", "bob-secret", "v0nonce");

        await connection.SendAsync(SizePrefixed(client.ClientFirst()));
        byte[] serverFirst = (await connection.ReceiveFrameAsync())!;
        await connection.SendAsync(SizePrefixed(client.ClientFinal(serverFirst)));
        byte[] serverFinal = (await connection.ReceiveFrameAsync())!;

        Assert.Equal(client.ExpectedServerFinal(), Encoding.UTF8.GetString(serverFinal));
        await connection.SendAsync(FetchFrame(2, Topic, 0));
        Assert.NotNull(await connection.ReceiveFrameAsync());
    }

    public static TheoryData<string> Attacks => ["wrong nonce", "bad proof", "malformed client-first", "channel binding", "unknown user", "wrong password"];

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task Each_attack_is_refused_with_sasl_authentication_failed_and_the_broker_keeps_serving(string attack)
    {
        using var connection = await ConnectAsync();
        var client = new ScramTestClient(BrokerScram.Sha256, attack == "unknown user" ? "mallory" : "bob", attack == "wrong password" ? "guess-secret" : "bob-secret", "attacknonce");
        string? refusedAt = null;

        var first = await AuthenticateAsync(connection, attack switch
        {
            "malformed client-first" => "n,,r=attacknonce"u8.ToArray(),
            "channel binding" => Encoding.UTF8.GetBytes("p=tls-server-end-point,,n=bob,r=attacknonce"),
            _ => client.ClientFirst(),
        }, 2);
        SaslAuthenticateResponse last = first;
        if (first.ErrorCode == 0)
        {
            byte[] final = attack switch
            {
                "wrong nonce" => client.ClientFinal(first.AuthBytes.ToArray(), nonceOverride: "attacknonceX"),
                "bad proof" => Corrupt(client.ClientFinal(first.AuthBytes.ToArray())),
                _ => client.ClientFinal(first.AuthBytes.ToArray()),
            };
            last = await AuthenticateAsync(connection, final, 3);
            refusedAt = "client-final";
        }

        Assert.Equal((short)KafkaNet.Protocol.ErrorCode.SaslAuthenticationFailed, last.ErrorCode);
        Assert.Equal(Generic, last.ErrorMessage);
        Assert.Equal(attack is "malformed client-first" or "channel binding" ? null : "client-final", refusedAt);
        Assert.True(await connection.IsClosedByBrokerAsync());
        await ProduceAndConsumeAsync("after " + attack);
        Assert.DoesNotContain(_node.Logs.Messages, m => m.Contains("bob-secret", StringComparison.Ordinal) || m.Contains("guess-secret", StringComparison.Ordinal)
            || m.Contains("p=", StringComparison.Ordinal) || m.Contains("attacknonce", StringComparison.Ordinal));
    }

    private async Task ProduceAndConsumeAsync(string value)
    {
        using (var producer = new ProducerBuilder<Null, string>(new ProducerConfig(_node.Client("bob", "bob-secret"))).Build())
        {
            Assert.Equal(PersistenceStatus.Persisted, (await producer.ProduceAsync(Topic, new Message<Null, string> { Value = value })).Status);
        }
        using var consumer = new ConsumerBuilder<Ignore, string>(new ConsumerConfig(_node.Client("bob", "bob-secret"))
        {
            GroupId = "scram-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        consumer.Subscribe(Topic);
        var seen = new List<string>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!seen.Contains(value) && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromSeconds(1)) is { } record)
            {
                seen.Add(record.Message.Value);
            }
        }
        consumer.Close();
        Assert.Contains(value, seen);
    }

    private async Task<RawKafkaConnection> ConnectAsync()
    {
        var connection = await RawKafkaConnection.ConnectAsync(_node.Port);
        await connection.SendRequestAsync(SaslHandshakeRequest.ApiKey, 1, 1, new SaslHandshakeRequest { Mechanism = "SCRAM-SHA-256" }, flexibleHeader: false);
        Assert.Equal(0, (await ReceiveAsync<SaslHandshakeResponse>(connection, 1, 1)).ErrorCode);
        return connection;
    }

    private static async Task<SaslAuthenticateResponse> AuthenticateAsync(RawKafkaConnection connection, byte[] token, int correlationId)
    {
        await connection.SendRequestAsync(SaslAuthenticateRequest.ApiKey, 1, correlationId, new SaslAuthenticateRequest { AuthBytes = token }, flexibleHeader: false);
        return await ReceiveAsync<SaslAuthenticateResponse>(connection, correlationId, 1);
    }

    /// <summary>The same message with the proof's first base64 character changed.</summary>
    private static byte[] Corrupt(byte[] clientFinal)
    {
        string text = Encoding.UTF8.GetString(clientFinal);
        int proof = text.LastIndexOf(",p=", StringComparison.Ordinal) + 3;
        char replaced = text[proof] == 'A' ? 'B' : 'A';
        return Encoding.UTF8.GetBytes(text[..proof] + replaced + text[(proof + 1)..]);
    }

    private static byte[] SizePrefixed(byte[] token)
    {
        var frame = new byte[4 + token.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, token.Length);
        token.CopyTo(frame, 4);
        return frame;
    }
}
