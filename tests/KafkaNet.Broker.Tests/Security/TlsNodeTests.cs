using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
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
public sealed class TlsNodeTests(TlsNodeFixture node) : IClassFixture<TlsNodeFixture>
{
    private const string PlaintextClientPassword = "alice-cleartext-5e2a";

    private readonly TlsNodeFixture _node = node;

    [Fact]
    public async Task Confluent_clients_with_a_client_certificate_produce_and_consume_as_the_mapped_principal()
    {
        var security = new ClientConfig
        {
            BootstrapServers = $"127.0.0.1:{_node.Ports["MTLS"]}",
            SecurityProtocol = Confluent.Kafka.SecurityProtocol.Ssl,
            SslCaPem = TestCertificates.CertificatePem(_node.Authority),
            SslCertificatePem = TestCertificates.CertificatePem(_node.Client),
            SslKeyPem = TestCertificates.KeyPem(_node.Client),
        };
        using (var producer = new ProducerBuilder<Null, string>(new ProducerConfig(security)).Build())
        {
            var delivered = await producer.ProduceAsync(TlsNodeFixture.Topic, new Message<Null, string> { Value = "hello over mutual tls" });
            Assert.Equal(PersistenceStatus.Persisted, delivered.Status);
        }
        using var consumer = new ConsumerBuilder<Ignore, string>(new ConsumerConfig(security)
        {
            GroupId = "mtls-group",
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        consumer.Subscribe(TlsNodeFixture.Topic);
        var consumed = consumer.Consume(TimeSpan.FromSeconds(30));
        consumer.Close();

        Assert.Equal("hello over mutual tls", consumed?.Message.Value);
        // CN=Alice,OU=clients,O=acme mapped by RULE:^CN=([^,]*),OU=clients,.*$/$1/L.
        Assert.Contains(_node.LogMessages, m => m.Contains("has principal User:alice from its TLS client certificate", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Required_client_authentication_refuses_a_client_without_a_certificate()
    {
        Assert.True(await IsRefusedAsync("MTLS", clientCertificate: null));
        Assert.True(await IsServedAsync("MTLS", _node.Client));
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
        Assert.True(await IsServedAsync("CIPHER", _node.Client));
    }

    [Fact]
    public async Task Inline_pem_keystore_with_an_encrypted_key_serves_tls_1_3_and_refuses_a_tls_1_2_client()
    {
        await using (var tls = await ConnectAsync("TLS13", null, SslProtocols.Tls13))
        {
            Assert.Equal(SslProtocols.Tls13, tls.SslProtocol);
            Assert.Equal(_node.Server.Thumbprint, ((X509Certificate2)tls.RemoteCertificate!).Thumbprint);
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
        Assert.Equal(_node.Server.Thumbprint, ((X509Certificate2)before.RemoteCertificate!).Thumbprint);
        using var renewed = TestCertificates.IssueServer(_node.Authority, "renewed");

        TlsNodeFixture.WritePemKeystore(_node.ReloadKeystore, renewed);

        await using var after = await ConnectAsync("RELOAD", null);
        Assert.Equal(renewed.Thumbprint, ((X509Certificate2)after.RemoteCertificate!).Thumbprint);
        Assert.True(await AnswersApiVersionsAsync(before), "the connection made before the reload is still served");
    }

    [Fact]
    public async Task A_plaintext_client_on_a_tls_port_is_refused_and_the_broker_keeps_serving()
    {
        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync(IPAddress.Loopback, _node.Ports["RELOAD"]);
            var stream = tcp.GetStream();
            // What a SASL_PLAINTEXT client pointed at the wrong port sends: its password in clear.
            await stream.WriteAsync(ApiVersionsFrame(1));
            await stream.WriteAsync(RawKafkaConnection.RequestFrame(SaslAuthenticateRequest.ApiKey, 1, 2,
                new SaslAuthenticateRequest { AuthBytes = Encoding.UTF8.GetBytes("\0alice\0" + PlaintextClientPassword) }, flexibleHeader: false));
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
                while (read > 0);
            }
            catch (IOException)
            {
                read = 0;
            }
            Assert.Equal(0, read);
        }

        Assert.True(await IsServedAsync("RELOAD", clientCertificate: null));
        Assert.Contains(_node.LogMessages, m => m.Contains(TlsNodeFixture.HandshakeFailureLog, StringComparison.Ordinal));
        foreach (string secret in new[] { PlaintextClientPassword, TlsNodeFixture.StorePassword, TlsNodeFixture.KeyPassword })
        {
            Assert.DoesNotContain(_node.LogMessages, m => m.Contains(secret, StringComparison.Ordinal));
        }
    }

    private Task<SslStream> ConnectAsync(string listener, X509Certificate2? clientCertificate, SslProtocols protocols = SslProtocols.None,
        TlsCipherSuite[]? cipherSuites = null) =>
        TlsProbe.ConnectAsync(_node.Ports[listener], clientCertificate, protocols, cipherSuites);

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

    private static Task<bool> AnswersApiVersionsAsync(SslStream tls) => TlsProbe.AnswersApiVersionsAsync(tls);
}
