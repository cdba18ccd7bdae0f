using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Confluent.Kafka;
using KafkaNet.Broker.Tests.Network;
using KafkaNet.Cluster.Node;
using KafkaNet.Protocol.Messages;
using KafkaNet.Server;
using KafkaNet.Server.Configuration;
using Microsoft.Extensions.Logging;
using static KafkaNet.Broker.Tests.Network.PipelinedWire;

namespace KafkaNet.Broker.Tests.Security;

/// <summary>
/// One node started from properties as the executable starts it, with SSL listeners configured as Kafka's are:
/// MTLS (PKCS12 keystore, PEM truststore, client certificates required, principals mapped by a rule), TLS13 (inline
/// PEM keystore with an encrypted key, TLSv1.3 only), RELOAD (PEM keystore file replaced while serving) and CIPHER
/// (TLSv1.2 with one cipher suite).
/// </summary>
public sealed class TlsNodeTests : IAsyncLifetime
{
    private const string Topic = "mtls";
    private const string KeyPassword = "key-secret";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "kafkanet-tlsnode-" + Guid.NewGuid().ToString("N"));
    private readonly CapturingLoggerProvider _logs = new();
    private readonly Dictionary<string, int> _ports = [];
    private X509Certificate2 _authority = null!;
    private X509Certificate2 _server = null!;
    private X509Certificate2 _client = null!;
    private ILoggerFactory _loggerFactory = null!;
    private KafkaNode _node = null!;

    private string ReloadKeystore => Path.Combine(_directory, "reload.pem");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _authority = TestCertificates.CreateAuthority("test-ca");
        _server = TestCertificates.IssueServer(_authority);
        _client = TestCertificates.IssueClient(_authority, "CN=Alice, OU=clients, O=acme");
        File.WriteAllBytes(Path.Combine(_directory, "keystore.p12"), TestCertificates.Pkcs12("store-secret", _server, _authority));
        File.WriteAllText(Path.Combine(_directory, "ca.pem"), TestCertificates.CertificatePem(_authority));
        WritePemKeystore(ReloadKeystore, _server);
        foreach (string name in new[] { "MTLS", "TLS13", "RELOAD", "CIPHER", "CONTROLLER" })
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            _ports[name] = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
        }
        var properties = new Dictionary<string, string>
        {
            ["process.roles"] = "broker,controller",
            ["node.id"] = "1",
            ["controller.listener.names"] = "CONTROLLER",
            ["listeners"] = string.Join(',', _ports.Select(p => $"{p.Key}://127.0.0.1:{p.Value}")),
            ["listener.security.protocol.map"] = "MTLS:SSL,TLS13:SSL,RELOAD:SSL,CIPHER:SSL,CONTROLLER:PLAINTEXT",
            ["inter.broker.listener.name"] = "MTLS",
            ["log.dirs"] = Path.Combine(_directory, "data"),
            ["group.initial.rebalance.delay.ms"] = "0",
            ["ssl.keystore.location"] = Path.Combine(_directory, "keystore.p12"),
            ["ssl.keystore.password"] = "store-secret",
            ["ssl.truststore.type"] = "PEM",
            ["ssl.truststore.location"] = Path.Combine(_directory, "ca.pem"),
            ["ssl.client.auth"] = "required",
            ["ssl.principal.mapping.rules"] = "RULE:^CN=([^,]*),OU=clients,.*$/$1/L,DEFAULT",
            ["listener.name.tls13.ssl.client.auth"] = "none",
            ["listener.name.tls13.ssl.enabled.protocols"] = "TLSv1.3",
            ["listener.name.tls13.ssl.keystore.type"] = "PEM",
            ["listener.name.tls13.ssl.keystore.certificate.chain"] = TestCertificates.CertificatePem(_server) + TestCertificates.CertificatePem(_authority),
            ["listener.name.tls13.ssl.keystore.key"] = TestCertificates.KeyPem(_server, KeyPassword),
            ["listener.name.tls13.ssl.key.password"] = KeyPassword,
            ["listener.name.reload.ssl.client.auth"] = "none",
            ["listener.name.reload.ssl.keystore.type"] = "PEM",
            ["listener.name.reload.ssl.keystore.location"] = ReloadKeystore,
            ["listener.name.cipher.ssl.client.auth"] = "requested",
            ["listener.name.cipher.ssl.enabled.protocols"] = "TLSv1.2",
            ["listener.name.cipher.ssl.cipher.suites"] = "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        };
        _loggerFactory = LoggerFactory.Create(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Debug));
        var config = ServerConfigurationLoader.FromProperties(properties).Config;
        _node = await ServerNode.StartAsync(config, _loggerFactory, CancellationToken.None);
        _node.Broker.Topics.Create(new Topics.TopicSpec(Topic, 1, 1, []), validateOnly: false);
    }

    public async Task DisposeAsync()
    {
        await _node.StopAsync();
        _loggerFactory.Dispose();
        foreach (var certificate in new[] { _authority, _server, _client })
        {
            certificate.Dispose();
        }
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Confluent_clients_with_a_client_certificate_produce_and_consume_as_the_mapped_principal()
    {
        var security = new ClientConfig
        {
            BootstrapServers = $"127.0.0.1:{_ports["MTLS"]}",
            SecurityProtocol = Confluent.Kafka.SecurityProtocol.Ssl,
            SslCaPem = TestCertificates.CertificatePem(_authority),
            SslCertificatePem = TestCertificates.CertificatePem(_client),
            SslKeyPem = TestCertificates.KeyPem(_client),
        };
        using (var producer = new ProducerBuilder<Null, string>(new ProducerConfig(security)).Build())
        {
            var delivered = await producer.ProduceAsync(Topic, new Message<Null, string> { Value = "hello over mutual tls" });
            Assert.Equal(PersistenceStatus.Persisted, delivered.Status);
        }
        using var consumer = new ConsumerBuilder<Ignore, string>(new ConsumerConfig(security)
        {
            GroupId = "mtls-group",
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        consumer.Subscribe(Topic);
        var consumed = consumer.Consume(TimeSpan.FromSeconds(30));
        consumer.Close();

        Assert.Equal("hello over mutual tls", consumed?.Message.Value);
        // CN=Alice,OU=clients,O=acme mapped by RULE:^CN=([^,]*),OU=clients,.*$/$1/L.
        Assert.Contains(_logs.Messages, m => m.Contains("has principal User:alice from its TLS client certificate", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Required_client_authentication_refuses_a_client_without_a_certificate()
    {
        Assert.True(await IsRefusedAsync("MTLS", clientCertificate: null));
        Assert.True(await IsServedAsync("MTLS", _client));
    }

    [Fact]
    public async Task A_client_certificate_from_another_authority_is_refused()
    {
        using var otherAuthority = TestCertificates.CreateAuthority("other-ca");
        using var stranger = TestCertificates.IssueClient(otherAuthority, "CN=Alice, OU=clients, O=acme");

        Assert.True(await IsRefusedAsync("MTLS", stranger));
    }

    [Fact]
    public async Task Requested_client_authentication_serves_clients_with_and_without_a_certificate()
    {
        Assert.True(await IsServedAsync("CIPHER", clientCertificate: null));
        Assert.True(await IsServedAsync("CIPHER", _client));
    }

    [Fact]
    public async Task Inline_pem_keystore_with_an_encrypted_key_serves_tls_1_3_and_refuses_a_tls_1_2_client()
    {
        await using (var tls = await ConnectAsync("TLS13", null, SslProtocols.Tls13))
        {
            Assert.Equal(SslProtocols.Tls13, tls.SslProtocol);
            Assert.Equal(_server.Thumbprint, ((X509Certificate2)tls.RemoteCertificate!).Thumbprint);
        }

        await Assert.ThrowsAnyAsync<Exception>(() => ConnectAsync("TLS13", null, SslProtocols.Tls12));
    }

    [Fact]
    public async Task Cipher_suites_limit_what_a_handshake_may_negotiate()
    {
        await using (var tls = await ConnectAsync("CIPHER", null, SslProtocols.Tls12))
        {
            Assert.Equal(TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, tls.NegotiatedCipherSuite);
        }

        await Assert.ThrowsAnyAsync<Exception>(() => ConnectAsync("CIPHER", null, SslProtocols.Tls12, [TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]));
    }

    [Fact]
    public async Task A_replaced_keystore_file_is_presented_to_new_connections_without_a_restart()
    {
        await using var before = await ConnectAsync("RELOAD", null);
        Assert.Equal(_server.Thumbprint, ((X509Certificate2)before.RemoteCertificate!).Thumbprint);
        using var renewed = TestCertificates.IssueServer(_authority, "renewed");

        WritePemKeystore(ReloadKeystore, renewed);

        await using var after = await ConnectAsync("RELOAD", null);
        Assert.Equal(renewed.Thumbprint, ((X509Certificate2)after.RemoteCertificate!).Thumbprint);
        Assert.True(await AnswersApiVersionsAsync(before), "the connection made before the reload is still served");
    }

    [Fact]
    public async Task A_plaintext_client_on_a_tls_port_is_refused_and_the_broker_keeps_serving()
    {
        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync(IPAddress.Loopback, _ports["RELOAD"]);
            var stream = tcp.GetStream();
            await stream.WriteAsync(ApiVersionsFrame(1));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            var buffer = new byte[4096];
            int read;
            try
            {
                // Whatever comes back is a TLS alert at most; then the broker closes the connection.
                do
                {
                    read = await stream.ReadAsync(buffer, timeout.Token);
                }
                while (read > 0 && buffer[0] != 0);
            }
            catch (IOException)
            {
                read = 0;
            }
            Assert.Equal(0, read);
        }

        Assert.True(await IsServedAsync("RELOAD", clientCertificate: null));
    }

    private static void WritePemKeystore(string path, X509Certificate2 certificate)
    {
        // Written aside and moved in, as a certificate manager renews a file.
        string staging = path + ".new";
        File.WriteAllText(staging, TestCertificates.KeyPem(certificate) + TestCertificates.CertificatePem(certificate));
        File.Move(staging, path, overwrite: true);
    }

    private async Task<SslStream> ConnectAsync(string listener, X509Certificate2? clientCertificate, SslProtocols protocols = SslProtocols.None,
        TlsCipherSuite[]? cipherSuites = null)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, _ports[listener]);
        var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            EnabledSslProtocols = protocols,
            ClientCertificates = clientCertificate is null ? null : [clientCertificate],
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
        };
        if (cipherSuites is not null && OperatingSystem.IsLinux())
        {
            options.CipherSuitesPolicy = new CipherSuitesPolicy(cipherSuites);
        }
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await tls.AuthenticateAsClientAsync(options, timeout.Token);
            return tls;
        }
        catch
        {
            await tls.DisposeAsync();
            tcp.Dispose();
            throw;
        }
    }

    private async Task<bool> IsServedAsync(string listener, X509Certificate2? clientCertificate)
    {
        await using var tls = await ConnectAsync(listener, clientCertificate);
        return await AnswersApiVersionsAsync(tls);
    }

    /// <summary>
    /// True when the broker turns the client away: in the handshake, or (TLS 1.3 checks the client's certificate
    /// after the client has finished) by closing the connection instead of answering.
    /// </summary>
    private async Task<bool> IsRefusedAsync(string listener, X509Certificate2? clientCertificate)
    {
        SslStream tls;
        try
        {
            tls = await ConnectAsync(listener, clientCertificate);
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            return true;
        }
        await using (tls)
        {
            return !await AnswersApiVersionsAsync(tls);
        }
    }

    private static async Task<bool> AnswersApiVersionsAsync(SslStream tls)
    {
        try
        {
            await tls.WriteAsync(ApiVersionsFrame(7));
            return Decode<ApiVersionsResponse>(await ReadFrameAsync(tls), 7, 0).ErrorCode == 0;
        }
        catch (Exception e) when (e is IOException or AuthenticationException or EndOfStreamException)
        {
            return false;
        }
    }
}
