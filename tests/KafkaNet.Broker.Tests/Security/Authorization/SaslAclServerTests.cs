using System.Net;
using System.Net.Sockets;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KafkaNet.Broker.Tests.Admin;
using KafkaNet.Cluster.Node;
using KafkaNet.Server;
using KafkaNet.Server.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Ours = KafkaNet.Broker.Security.Authorization;

namespace KafkaNet.Broker.Tests.Security.Authorization;

/// <summary>
/// A node started as the server starts it, from properties: a SASL_PLAINTEXT listener with PLAIN users, Kafka's
/// StandardAuthorizer class name, admin a super user. Who may manage ACLs, and what alice's ACLs then allow.
/// </summary>
public sealed class SaslAclServerTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private KafkaNode _node = null!;
    private int _port;

    public async Task InitializeAsync()
    {
        _port = FreePort();
        int controllerPort = FreePort();
        var loaded = ServerConfigurationLoader.FromProperties(new Dictionary<string, string>
        {
            ["node.id"] = "1",
            ["process.roles"] = "broker,controller",
            ["listeners"] = $"SASL_PLAINTEXT://127.0.0.1:{_port},CONTROLLER://127.0.0.1:{controllerPort}",
            ["advertised.listeners"] = $"SASL_PLAINTEXT://127.0.0.1:{_port}",
            ["controller.listener.names"] = "CONTROLLER",
            ["listener.security.protocol.map"] = "SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT",
            ["inter.broker.listener.name"] = "SASL_PLAINTEXT",
            ["sasl.enabled.mechanisms"] = "PLAIN",
            ["listener.name.sasl_plaintext.plain.sasl.jaas.config"] =
                "org.apache.kafka.common.security.plain.PlainLoginModule required user_admin=\"admin-secret\" user_alice=\"alice-secret\";",
            ["log.dirs"] = _directory.Path,
            ["authorizer.class.name"] = "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
            ["super.users"] = "User:admin",
        });
        Assert.Empty(loaded.Warnings);
        _node = await ServerNode.StartAsync(loaded.Config, NullLoggerFactory.Instance, CancellationToken.None);
        await _node.Ready.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _directory.Dispose();
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private IAdminClient Admin(string user) => new AdminClientBuilder(new AdminClientConfig
    {
        BootstrapServers = $"127.0.0.1:{_port}",
        SecurityProtocol = Confluent.Kafka.SecurityProtocol.SaslPlaintext,
        SaslMechanism = SaslMechanism.Plain,
        SaslUsername = user,
        SaslPassword = user + "-secret",
        SocketTimeoutMs = 10000,
    }).Build();

    private static AclBinding Acl(ResourceType type, string name, AclOperation operation) => new()
    {
        Pattern = new ResourcePattern { Type = type, Name = name, ResourcePatternType = ResourcePatternType.Literal },
        Entry = new AccessControlEntry { Principal = "User:alice", Host = "*", Operation = operation, PermissionType = AclPermissionType.Allow },
    };

    private static readonly AclBindingFilter Everything = new()
    {
        PatternFilter = new ResourcePatternFilter { Type = ResourceType.Any, Name = null, ResourcePatternType = ResourcePatternType.Any },
        EntryFilter = new AccessControlEntryFilter { Principal = null, Host = null, Operation = AclOperation.Any, PermissionType = AclPermissionType.Any },
    };

    [Fact]
    public async Task Only_principals_allowed_alter_on_the_cluster_manage_acls()
    {
        using var admin = Admin("admin");
        using var alice = Admin("alice");
        var options = new CreateAclsOptions { RequestTimeout = AdminClients.Timeout };

        var refused = await Assert.ThrowsAsync<CreateAclsException>(() => alice.CreateAclsAsync([Acl(ResourceType.Topic, "alice-topic", AclOperation.Write)], options));
        Assert.Equal(ErrorCode.ClusterAuthorizationFailed, Assert.Single(refused.Results).Error.Code);
        // librdkafka reports a refused DescribeAcls as an empty listing (it drops the answer's error code).
        await admin.CreateAclsAsync([Acl(ResourceType.Topic, "alice-topic", AclOperation.Write)], options);
        Assert.Empty((await alice.DescribeAclsAsync(Everything, new DescribeAclsOptions { RequestTimeout = AdminClients.Timeout })).AclBindings);

        await admin.CreateAclsAsync([Acl(ResourceType.Broker, "kafka-cluster", AclOperation.Alter)], options);
        await alice.CreateAclsAsync([Acl(ResourceType.Group, "alice-group", AclOperation.Read)], options);

        var listed = await admin.DescribeAclsAsync(Everything, new DescribeAclsOptions { RequestTimeout = AdminClients.Timeout });
        Assert.Equal(
            ["Broker kafka-cluster Alter", "Group alice-group Read", "Topic alice-topic Write"],
            listed.AclBindings.Select(b => $"{b.Pattern.Type} {b.Pattern.Name} {b.Entry.Operation}").Order(StringComparer.Ordinal));
        // ALTER on the cluster implies DESCRIBE there, so alice may now list them too.
        Assert.Equal(3, (await alice.DescribeAclsAsync(Everything, new DescribeAclsOptions { RequestTimeout = AdminClients.Timeout })).AclBindings.Count);
    }

    [Fact]
    public void The_node_runs_the_acl_authorizer_with_the_configured_super_users()
    {
        var authorizer = Assert.IsType<Ours.AclAuthorizer>(_node.Broker.Authorizer);

        Assert.True(authorizer.Authorize("User:admin", "127.0.0.1", Ours.AclOperation.Alter, Ours.AclResourceType.Cluster, "kafka-cluster"));
        Assert.False(authorizer.Authorize("User:bob", "127.0.0.1", Ours.AclOperation.Write, Ours.AclResourceType.Topic, "alice-topic"));
    }
}
