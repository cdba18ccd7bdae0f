using System.Security.Cryptography.X509Certificates;
using Confluent.Kafka;
using KafkaNet.Cluster.Node;
using KafkaNet.Server;
using KafkaNet.Server.Configuration;
using KafkaNet.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace KafkaNet.Broker.Tests.Security;

/// <summary>
/// A node started from properties with JKS stores and Kafka's default store types (ssl.keystore.type and
/// ssl.truststore.type not set, so JKS): its SSL listener presents the JKS keystore's certificate (the key under its
/// own ssl.key.password) and requires client certificates that chain to the JKS truststore's authority.
/// </summary>
public sealed class JksTlsNodeTests : IAsyncLifetime
{
    private const string Topic = "jks";
    private const string StorePassword = "store-secret";
    private readonly string _directory = Directory.CreateTempSubdirectory("kafkanet-jksnode-").FullName;
    private X509Certificate2 _authority = null!;
    private X509Certificate2 _server = null!;
    private X509Certificate2 _client = null!;
    private KafkaNode _node = null!;
    private int _port;

    public async Task InitializeAsync()
    {
        _authority = TestCertificates.CreateAuthority("jks-ca");
        _server = TestCertificates.IssueServer(_authority);
        _client = TestCertificates.IssueClient(_authority, "CN=jks-client");
        string keystore = Path.Combine(_directory, "server.keystore.jks");
        string truststore = Path.Combine(_directory, "server.truststore.jks");
        File.WriteAllBytes(keystore, JavaKeyStoreWriter.Keystore(StorePassword, _server, [_authority], keyPassword: "key-secret"));
        File.WriteAllBytes(truststore, JavaKeyStoreWriter.Truststore(StorePassword, _authority));
        _port = SecuredNodes.FreePort();
        var loaded = ServerConfigurationLoader.FromProperties(new Dictionary<string, string>
        {
            ["process.roles"] = "broker,controller",
            ["node.id"] = "1",
            ["controller.listener.names"] = "CONTROLLER",
            ["listeners"] = $"SSL://127.0.0.1:{_port},CONTROLLER://127.0.0.1:{SecuredNodes.FreePort()}",
            ["listener.security.protocol.map"] = "SSL:SSL,CONTROLLER:PLAINTEXT",
            ["inter.broker.listener.name"] = "SSL",
            ["log.dirs"] = Path.Combine(_directory, "data"),
            ["ssl.keystore.location"] = keystore,
            ["ssl.keystore.password"] = StorePassword,
            ["ssl.key.password"] = "key-secret",
            ["ssl.truststore.location"] = truststore,
            ["ssl.truststore.password"] = StorePassword,
            ["ssl.client.auth"] = "required",
            ["group.initial.rebalance.delay.ms"] = "0",
        });
        Assert.Empty(loaded.Warnings);
        _node = await ServerNode.StartAsync(loaded.Config, NullLoggerFactory.Instance, CancellationToken.None);
        _node.Broker.Topics.Create(new Topics.TopicSpec(Topic, 1, 1, []), validateOnly: false);
    }

    public async Task DisposeAsync()
    {
        await _node.StopAsync();
        foreach (var certificate in new[] { _authority, _server, _client })
        {
            certificate.Dispose();
        }
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Confluent_clients_produce_and_consume_over_tls_with_jks_stores()
    {
        var security = Security(_client);
        using (var producer = new ProducerBuilder<Null, string>(new ProducerConfig(security)).Build())
        {
            var delivered = await producer.ProduceAsync(Topic, new Message<Null, string> { Value = "served from a JKS keystore" });
            Assert.Equal(PersistenceStatus.Persisted, delivered.Status);
        }
        using var consumer = new ConsumerBuilder<Ignore, string>(new ConsumerConfig(security)
        {
            GroupId = "jks-group",
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        consumer.Subscribe(Topic);
        var consumed = consumer.Consume(TimeSpan.FromSeconds(30));
        consumer.Close();

        Assert.Equal("served from a JKS keystore", consumed?.Message.Value);
    }

    [Fact]
    public void A_client_certificate_the_jks_truststore_does_not_trust_is_refused()
    {
        using var otherAuthority = TestCertificates.CreateAuthority("other-ca");
        using var stranger = TestCertificates.IssueClient(otherAuthority, "CN=jks-client");
        using var admin = new AdminClientBuilder(Security(stranger)).Build();

        Assert.Throws<KafkaException>(() => admin.GetMetadata(TimeSpan.FromSeconds(5)));
    }

    private ClientConfig Security(X509Certificate2 clientCertificate) => new()
    {
        BootstrapServers = $"127.0.0.1:{_port}",
        SecurityProtocol = Confluent.Kafka.SecurityProtocol.Ssl,
        SslCaPem = TestCertificates.CertificatePem(_authority),
        SslCertificatePem = TestCertificates.CertificatePem(clientCertificate),
        SslKeyPem = TestCertificates.KeyPem(clientCertificate),
    };
}
