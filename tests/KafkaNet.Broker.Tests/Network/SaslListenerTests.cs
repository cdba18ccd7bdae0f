using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Confluent.Kafka;
using KafkaNet.Broker.Security;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.Server;
using ListenerProtocol = KafkaNet.Server.Configuration.SecurityProtocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;
using static KafkaNet.Broker.Tests.Network.PipelinedWire;

namespace KafkaNet.Broker.Tests.Network;

/// <summary>SASL_PLAINTEXT and SASL_SSL listeners with PLAIN users, wired as the server wires them.</summary>
public sealed class SaslListenerTests : IAsyncLifetime
{
    private const string Topic = "sasl";
    private const short HandshakeVersion = 1;
    private const short AuthenticateVersion = 1;
    private const string WrongPassword = "alice-wrong-7d1e";
    private const string MalformedToken = "no separators but a secret-9c4b";
    private static readonly TimeSpan FailedDelay = TimeSpan.FromMilliseconds(1000);

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "kafkanet-sasl-" + Guid.NewGuid().ToString("N"));
    private readonly SaslListenerSettings _sasl = new()
    {
        PlainUsers = new Dictionary<string, string> { ["admin"] = "admin-secret", ["alice"] = "alice-secret" },
        FailedAuthenticationDelay = FailedDelay,
    };
    // Everything the broker and its host log, down to trace: no credential may appear in it.
    private readonly CapturingLoggerProvider _logs = new();
    private ILoggerFactory _loggerFactory = null!;
    private X509Certificate2 _certificate = null!;
    private KafkaBroker _broker = null!;
    private WebApplication _app = null!;
    private ListenOptions _plainListener = null!;
    private ListenOptions _sslListener = null!;

    private int Port => ((IPEndPoint)_plainListener.EndPoint).Port;

    public async Task InitializeAsync()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        _certificate = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);

        var options = new BrokerOptions { DataDirectory = _dataDirectory, AdvertisedEndpoint = new BrokerEndpoint("127.0.0.1", 0) };
        options.Groups.GroupInitialRebalanceDelayMs = 0;
        _loggerFactory = LoggerFactory.Create(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));
        _broker = new KafkaBroker(options, loggerFactory: _loggerFactory);
        _broker.Topics.Create(new TopicSpec(Topic, 1, 1, []), validateOnly: false);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders().AddProvider(_logs).SetMinimumLevel(LogLevel.Trace);
        builder.Services.AddKafkaBroker(_broker);
        builder.Services.AddKafkaSocketTransport();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0, o => ListenerSecurity.Apply(_plainListener = o, ListenerProtocol.SaslPlaintext, null, "SASL_PLAINTEXT", _sasl));
            k.Listen(IPAddress.Loopback, 0, o => ListenerSecurity.Apply(_sslListener = o, ListenerProtocol.SaslSsl, _certificate, "SASL_SSL", _sasl));
        });
        _app = builder.Build();
        await _app.StartAsync();
        // Clients learn the port from Metadata: the SASL_PLAINTEXT listener's.
        options.AdvertisedEndpoint = new BrokerEndpoint("127.0.0.1", Port);
    }

    public async Task DisposeAsync()
    {
        _broker.BeginShutdown();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _broker.Dispose();
        _loggerFactory.Dispose();
        _certificate.Dispose();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task Confluent_clients_with_plain_credentials_produce_and_consume()
    {
        using (var producer = new ProducerBuilder<Null, string>(new ProducerConfig(ClientConfig("alice", "alice-secret"))).Build())
        {
            var delivered = await producer.ProduceAsync(Topic, new Message<Null, string> { Value = "hello over sasl" });
            Assert.Equal(PersistenceStatus.Persisted, delivered.Status);
        }
        using var consumer = new ConsumerBuilder<Ignore, string>(new ConsumerConfig(ClientConfig("admin", "admin-secret"))
        {
            GroupId = "sasl-group",
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        consumer.Subscribe(Topic);
        var consumed = consumer.Consume(TimeSpan.FromSeconds(30));
        consumer.Close();

        Assert.Equal("hello over sasl", consumed?.Message.Value);
    }

    [Fact]
    public async Task Wrong_password_fails_with_an_authentication_error_and_others_are_still_served()
    {
        var errors = new List<Error>();
        using (var producer = new ProducerBuilder<Null, string>(new ProducerConfig(ClientConfig("alice", WrongPassword)) { MessageTimeoutMs = 20_000 })
            .SetErrorHandler((_, e) => { lock (errors) { errors.Add(e); } })
            .Build())
        {
            var failed = await Assert.ThrowsAsync<ProduceException<Null, string>>(() => producer.ProduceAsync(Topic, new Message<Null, string> { Value = "refused" }));
            Assert.NotEqual(Confluent.Kafka.ErrorCode.NoError, failed.Error.Code);
        }
        lock (errors)
        {
            Assert.Contains(errors, e => e.Code == Confluent.Kafka.ErrorCode.Local_Authentication);
        }

        using var other = new ProducerBuilder<Null, string>(new ProducerConfig(ClientConfig("admin", "admin-secret"))).Build();
        Assert.Equal(PersistenceStatus.Persisted, (await other.ProduceAsync(Topic, new Message<Null, string> { Value = "still served" })).Status);
        AssertLoggedFailureWithout(WrongPassword, "admin-secret", "alice-secret");
    }

    [Fact]
    public async Task Requests_other_than_api_versions_and_sasl_before_authentication_close_the_connection()
    {
        using var connection = await RawKafkaConnection.ConnectAsync(Port);
        await connection.SendAsync(ApiVersionsFrame(1));
        var versions = await ReceiveAsync<ApiVersionsResponse>(connection, 1, 0);
        Assert.Contains(versions.ApiKeys, k => (k.ApiKey, k.MinVersion, k.MaxVersion) == (SaslHandshakeRequest.ApiKey, 0, 1));
        Assert.Contains(versions.ApiKeys, k => (k.ApiKey, k.MinVersion, k.MaxVersion) == (SaslAuthenticateRequest.ApiKey, 0, 2));

        await connection.SendRequestAsync(MetadataRequest.ApiKey, 4, 2, new MetadataRequest { AllowAutoTopicCreation = false }, flexibleHeader: false);

        Assert.True(await connection.IsClosedByBrokerAsync());
    }

    [Fact]
    public async Task Unsupported_mechanism_gets_the_enabled_list_and_the_connection_closes()
    {
        using var connection = await RawKafkaConnection.ConnectAsync(Port);

        var response = await HandshakeAsync(connection, "SCRAM-SHA-256");

        Assert.Equal((short)Protocol.ErrorCode.UnsupportedSaslMechanism, response.ErrorCode);
        Assert.Equal(["PLAIN"], response.Mechanisms);
        Assert.True(await connection.IsClosedByBrokerAsync());
    }

    [Fact]
    public async Task Malformed_plain_token_fails_after_the_delay_and_closes_the_connection()
    {
        using var connection = await RawKafkaConnection.ConnectAsync(Port);
        Assert.Equal(0, (await HandshakeAsync(connection, "PLAIN")).ErrorCode);
        var watch = Stopwatch.StartNew();

        var response = await AuthenticateAsync(connection, Encoding.UTF8.GetBytes(MalformedToken));

        Assert.True(watch.Elapsed >= FailedDelay - TimeSpan.FromMilliseconds(100), $"answered after {watch.Elapsed}");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"answered after {watch.Elapsed}");
        Assert.Equal((short)Protocol.ErrorCode.SaslAuthenticationFailed, response.ErrorCode);
        Assert.Equal(PlainAuthenticator.MalformedToken, response.ErrorMessage);
        Assert.True(await connection.IsClosedByBrokerAsync());
        AssertLoggedFailureWithout(MalformedToken);
    }

    [Fact]
    public async Task Wrong_password_gets_kafkas_message_after_the_delay()
    {
        using var connection = await RawKafkaConnection.ConnectAsync(Port);
        Assert.Equal(0, (await HandshakeAsync(connection, "PLAIN")).ErrorCode);
        var watch = Stopwatch.StartNew();

        var response = await AuthenticateAsync(connection, PlainToken("", "alice", "admin-secret"));

        Assert.True(watch.Elapsed >= FailedDelay - TimeSpan.FromMilliseconds(100), $"answered after {watch.Elapsed}");
        Assert.Equal((short)Protocol.ErrorCode.SaslAuthenticationFailed, response.ErrorCode);
        Assert.Equal("Authentication failed: Invalid username or password", response.ErrorMessage);
        Assert.True(await connection.IsClosedByBrokerAsync());
        // admin's password, sent as alice's: neither it nor alice's own may be logged.
        AssertLoggedFailureWithout("admin-secret", "alice-secret");
    }

    [Fact]
    public async Task A_frame_over_the_sasl_receive_size_before_authentication_closes_the_connection_and_others_are_served()
    {
        using var connection = await RawKafkaConnection.ConnectAsync(Port);
        Assert.Equal(0, (await HandshakeAsync(connection, "PLAIN")).ErrorCode);
        var prefix = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(prefix, _sasl.MaxReceiveSize + 1); // the body never comes: nothing is buffered for it

        await connection.SendAsync(prefix);

        Assert.True(await connection.IsClosedByBrokerAsync());
        using var other = await RawKafkaConnection.ConnectAsync(Port);
        Assert.Equal(0, (await HandshakeAsync(other, "PLAIN")).ErrorCode);
        Assert.Equal(0, (await AuthenticateAsync(other, PlainToken("", "alice", "alice-secret"))).ErrorCode);
    }

    [Fact]
    public async Task Once_authenticated_a_connection_sends_frames_up_to_socket_request_max_bytes()
    {
        using var connection = await RawKafkaConnection.ConnectAsync(Port);
        Assert.Equal(0, (await HandshakeAsync(connection, "PLAIN")).ErrorCode);
        Assert.Equal(0, (await AuthenticateAsync(connection, PlainToken("", "alice", "alice-secret"))).ErrorCode);

        await connection.SendAsync(ProduceFrame(3, Topic, Batch(_sasl.MaxReceiveSize + 1000)));

        var produced = await ReceiveAsync<ProduceResponse>(connection, 3, ProduceVersion);
        Assert.Equal(0, Assert.Single(Assert.Single(produced.Responses).PartitionResponses).ErrorCode);
    }

    [Fact]
    public async Task Authenticated_connection_is_served_and_a_second_handshake_is_an_illegal_state()
    {
        using var connection = await RawKafkaConnection.ConnectAsync(Port);
        Assert.Equal(0, (await HandshakeAsync(connection, "PLAIN")).ErrorCode);
        var authenticated = await AuthenticateAsync(connection, PlainToken("alice", "alice", "alice-secret"));
        Assert.Equal((0, 0L), (authenticated.ErrorCode, authenticated.SessionLifetimeMs));

        await connection.SendAsync(FetchFrame(3, Topic, 0));
        Assert.Equal(0, Assert.Single(Assert.Single((await ReceiveAsync<FetchResponse>(connection, 3, FetchVersion)).Responses).Partitions).ErrorCode);

        Assert.Equal((short)Protocol.ErrorCode.IllegalSaslState, (await HandshakeAsync(connection, "PLAIN", correlationId: 4)).ErrorCode);
    }

    [Fact]
    public async Task Sasl_ssl_listener_authenticates_plain_inside_tls()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)_sslListener.EndPoint).Port);
        await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync("localhost");

        await tls.WriteAsync(RawKafkaConnection.RequestFrame(SaslHandshakeRequest.ApiKey, HandshakeVersion, 1, new SaslHandshakeRequest { Mechanism = "PLAIN" }, flexibleHeader: false));
        Assert.Equal(0, Decode<SaslHandshakeResponse>(await ReadFrameAsync(tls), 1, HandshakeVersion).ErrorCode);
        await tls.WriteAsync(RawKafkaConnection.RequestFrame(SaslAuthenticateRequest.ApiKey, AuthenticateVersion, 2,
            new SaslAuthenticateRequest { AuthBytes = PlainToken("", "admin", "admin-secret") }, flexibleHeader: false));
        Assert.Equal(0, Decode<SaslAuthenticateResponse>(await ReadFrameAsync(tls), 2, AuthenticateVersion).ErrorCode);
        await tls.WriteAsync(FetchFrame(3, Topic, 0));

        Assert.Equal(0, Assert.Single(Assert.Single(Decode<FetchResponse>(await ReadFrameAsync(tls), 3, FetchVersion).Responses).Partitions).ErrorCode);
    }

    [Fact]
    public async Task After_a_v0_handshake_a_bare_plain_token_authenticates_as_kafka_python_sends_it()
    {
        using var connection = await RawKafkaConnection.ConnectAsync(Port);
        await connection.SendRequestAsync(SaslHandshakeRequest.ApiKey, 0, 1, new SaslHandshakeRequest { Mechanism = "PLAIN" }, flexibleHeader: false);
        Assert.Equal(0, (await ReceiveAsync<SaslHandshakeResponse>(connection, 1, 0)).ErrorCode);

        await connection.SendAsync(SizePrefixed(PlainToken("alice", "alice", "alice-secret")));

        byte[]? answer = await connection.ReceiveFrameAsync();
        Assert.Equal(0, answer?.Length); // an empty token: authenticated
        await connection.SendAsync(FetchFrame(2, Topic, 0));
        Assert.Equal(0, Assert.Single(Assert.Single((await ReceiveAsync<FetchResponse>(connection, 2, FetchVersion)).Responses).Partitions).ErrorCode);
    }

    [Fact]
    public async Task After_a_v0_handshake_a_wrong_bare_token_closes_the_connection_after_the_delay()
    {
        using var connection = await RawKafkaConnection.ConnectAsync(Port);
        await connection.SendRequestAsync(SaslHandshakeRequest.ApiKey, 0, 1, new SaslHandshakeRequest { Mechanism = "PLAIN" }, flexibleHeader: false);
        Assert.Equal(0, (await ReceiveAsync<SaslHandshakeResponse>(connection, 1, 0)).ErrorCode);
        var watch = Stopwatch.StartNew();

        await connection.SendAsync(SizePrefixed(PlainToken("", "alice", "wrong")));

        Assert.True(await connection.IsClosedByBrokerAsync());
        Assert.True(watch.Elapsed >= FailedDelay - TimeSpan.FromMilliseconds(100), $"closed after {watch.Elapsed}");
    }

    /// <summary>The failure was logged (so the log is captured), and none of <paramref name="secrets"/> is in any line.</summary>
    private void AssertLoggedFailureWithout(params string[] secrets)
    {
        Assert.Contains(_logs.Messages, m => m.Contains("Authentication failed", StringComparison.Ordinal));
        foreach (string secret in secrets)
        {
            Assert.DoesNotContain(_logs.Messages, m => m.Contains(secret, StringComparison.Ordinal));
        }
    }

    private static byte[] SizePrefixed(byte[] token)
    {
        var frame = new byte[4 + token.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, token.Length);
        token.CopyTo(frame, 4);
        return frame;
    }

    private ClientConfig ClientConfig(string user, string password) => new()
    {
        BootstrapServers = $"127.0.0.1:{Port}",
        SecurityProtocol = Confluent.Kafka.SecurityProtocol.SaslPlaintext,
        SaslMechanism = SaslMechanism.Plain,
        SaslUsername = user,
        SaslPassword = password,
    };

    private static byte[] PlainToken(string authorizationId, string user, string password) => Encoding.UTF8.GetBytes($"{authorizationId}\0{user}\0{password}");

    private static async Task<SaslHandshakeResponse> HandshakeAsync(RawKafkaConnection connection, string mechanism, int correlationId = 1)
    {
        await connection.SendRequestAsync(SaslHandshakeRequest.ApiKey, HandshakeVersion, correlationId, new SaslHandshakeRequest { Mechanism = mechanism }, flexibleHeader: false);
        return await ReceiveAsync<SaslHandshakeResponse>(connection, correlationId, HandshakeVersion);
    }

    private static async Task<SaslAuthenticateResponse> AuthenticateAsync(RawKafkaConnection connection, byte[] token)
    {
        await connection.SendRequestAsync(SaslAuthenticateRequest.ApiKey, AuthenticateVersion, 2, new SaslAuthenticateRequest { AuthBytes = token }, flexibleHeader: false);
        return await ReceiveAsync<SaslAuthenticateResponse>(connection, 2, AuthenticateVersion);
    }
}
