using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Broker.Tests.Network;
using KafkaNet.Cluster.Node;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.Server;
using KafkaNet.Server.Configuration;
using Microsoft.Extensions.Logging;

namespace KafkaNet.Broker.Tests.Security.Authorization;

/// <summary>
/// A node started as the executable starts it, with one SASL_PLAINTEXT listener (PLAIN users admin, a super user, and
/// alice), the ACL authorizer on and nothing allowed to anyone else. Requests go as raw frames on authenticated
/// connections; ACLs are created and deleted over CreateAcls/DeleteAcls by admin. Audit lines are captured.
/// </summary>
public sealed class SecuredNode : IAsyncLifetime
{
    public const string Admin = "User:admin";
    public const string Alice = "User:alice";

    private const string Jaas = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"admin\" password=\"admin-secret\" "
        + "user_admin=\"admin-secret\" user_alice=\"alice-secret\" user_bob=\"bob-secret\";";

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "kafkanet-authz-" + Guid.NewGuid().ToString("N"));
    private readonly CapturingLoggerProvider _logs = new();
    private ILoggerFactory? _loggerFactory;
    private int _correlationId;

    public KafkaNode Node { get; private set; } = null!;

    public KafkaBroker Broker => Node.Broker;

    public int Port { get; private set; }

    /// <summary>Every line the audit category wrote.</summary>
    public IEnumerable<string> Logs => _logs.Messages;

    internal RawKafkaConnection AdminConnection { get; private set; } = null!;

    internal RawKafkaConnection AliceConnection { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Port = FreePort();
        var config = ServerConfigurationLoader.FromProperties(new Dictionary<string, string>
        {
            ["node.id"] = "1",
            ["process.roles"] = "broker,controller",
            ["listeners"] = $"SASL_PLAINTEXT://127.0.0.1:{Port}",
            ["advertised.listeners"] = $"SASL_PLAINTEXT://127.0.0.1:{Port}",
            ["sasl.enabled.mechanisms"] = "PLAIN",
            ["listener.name.sasl_plaintext.plain.sasl.jaas.config"] = Jaas,
            ["authorizer.class.name"] = "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
            ["super.users"] = Admin,
            ["log.dirs"] = _dataDirectory,
            ["num.partitions"] = "1",
            ["group.share.enable"] = "true",
        }).Config;
        _loggerFactory = LoggerFactory.Create(b => b.AddProvider(_logs).AddFilter((category, _) => category == KafkaNet.Broker.Security.Audit.AuditLog.Category));
        Node = await ServerNode.StartAsync(config, _loggerFactory, CancellationToken.None);
        await Node.Ready;
        AdminConnection = await ConnectAsync("admin", "admin-secret");
        AliceConnection = await ConnectAsync("alice", "alice-secret");
        await MatrixSetup.RunAsync(this);
    }

    public async Task DisposeAsync()
    {
        AdminConnection?.Dispose();
        AliceConnection?.Dispose();
        if (Node is not null)
        {
            await Node.DisposeAsync();
        }
        _loggerFactory?.Dispose();
        _logs.Dispose();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open: the temp directory is left behind.
        }
    }

    /// <summary>A connection authenticated with SASL/PLAIN as <paramref name="user"/>.</summary>
    internal async Task<RawKafkaConnection> ConnectAsync(string user, string password)
    {
        var connection = await RawKafkaConnection.ConnectAsync(Port);
        var handshake = await SendAsync<SaslHandshakeResponse>(connection, SaslHandshakeRequest.ApiKey, 1, new SaslHandshakeRequest { Mechanism = "PLAIN" });
        Assert.Equal(0, handshake.ErrorCode);
        var authenticated = await SendAsync<SaslAuthenticateResponse>(connection, SaslAuthenticateRequest.ApiKey, 2,
            new SaslAuthenticateRequest { AuthBytes = Encoding.UTF8.GetBytes($"\0{user}\0{password}") });
        Assert.Equal(0, authenticated.ErrorCode);
        return connection;
    }

    /// <summary>One round trip; the response must decode to exactly its frame.</summary>
    internal async Task<TResponse> SendAsync<TResponse>(RawKafkaConnection connection, short apiKey, short version, IKafkaMessage request)
        where TResponse : IKafkaMessage<TResponse> =>
        (TResponse)await SendAsync(connection, apiKey, version, request);

    internal async Task<IKafkaMessage> SendAsync(RawKafkaConnection connection, short apiKey, short version, IKafkaMessage request)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var descriptor = ApiTable.Find(apiKey)!;
        int correlationId = Interlocked.Increment(ref _correlationId);
        await connection.SendRequestAsync(apiKey, version, correlationId, request, flexibleHeader: descriptor.RequestHeaderVersion(version) == 2);
        byte[] frame = await connection.ReceiveFrameAsync() ?? throw new InvalidOperationException($"{descriptor.Name} v{version}: connection closed");
        Assert.Equal(correlationId, BinaryPrimitives.ReadInt32BigEndian(frame));
        var reader = new KafkaReader(frame.AsMemory(4));
        if (descriptor.ResponseHeaderVersion(version) == 1)
        {
            reader.ReadUnsignedVarInt();
        }
        var response = ApiTable.ReadResponse(apiKey, ref reader, version);
        Assert.Equal(0, reader.Remaining);
        return response;
    }

    /// <summary>Admin creates ACLs; waits until this broker's image holds them.</summary>
    internal async Task CreateAclsAsync(params StandardAcl[] acls)
    {
        var request = new CreateAclsRequest();
        foreach (var acl in acls)
        {
            request.Creations.Add(new()
            {
                ResourceType = (sbyte)acl.ResourceType, ResourceName = acl.ResourceName, ResourcePatternType = (sbyte)acl.PatternType,
                Principal = acl.Principal, Host = acl.Host, Operation = (sbyte)acl.Operation, PermissionType = (sbyte)acl.Permission,
            });
        }
        var response = await SendAsync<CreateAclsResponse>(AdminConnection, CreateAclsRequest.ApiKey, 3, request);
        Assert.All(response.Results, r => Assert.Equal(0, r.ErrorCode));
        await WaitAsync(() => acls.All(Broker.Image.Acls.Values.Contains));
    }

    /// <summary>Admin deletes every ACL; waits until the image has none.</summary>
    public async Task DeleteAllAclsAsync()
    {
        var request = new DeleteAclsRequest
        {
            Filters = [new() { ResourceTypeFilter = (sbyte)AclResourceType.Any, ResourceNameFilter = null, PrincipalFilter = null, HostFilter = null, PatternTypeFilter = (sbyte)AclPatternType.Any, Operation = (sbyte)AclOperation.Any, PermissionType = (sbyte)AclPermissionType.Any }],
        };
        var response = await SendAsync<DeleteAclsResponse>(AdminConnection, DeleteAclsRequest.ApiKey, 3, request);
        Assert.All(response.FilterResults, r => Assert.Equal(0, r.ErrorCode));
        await WaitAsync(() => Broker.Image.Acls.Count == 0);
    }

    public static async Task WaitAsync(Func<bool> condition)
    {
        for (int i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }
        Assert.True(condition(), "the broker did not get there within 5 s");
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
