using System.Diagnostics;
using System.Net;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KafkaNet.Cluster.Network;
using KafkaNet.Cluster.Quorum.Transport;
using KafkaNet.Protocol.Messages;
using KafkaNet.Testing;
using Microsoft.AspNetCore.Connections;
using ErrorCode = KafkaNet.Protocol.ErrorCode;

namespace KafkaNet.Broker.Tests.InterBroker;

/// <summary>
/// A cluster whose controller listener is SASL_SSL: Raft, registration, heartbeats, forwarding and the metadata log all
/// go over it. Then what a wrong password and a user that is no super user get there.
/// </summary>
public sealed class ControllerListenerSaslSslTests(ControllerListenerSaslSslCluster cluster) : IClassFixture<ControllerListenerSaslSslCluster>
{
    [Fact]
    public async Task The_quorum_elects_a_leader_and_a_topic_created_through_the_broker_alone_reaches_every_node()
    {
        const string topic = "over-sasl-ssl";
        int? leader = cluster.Nodes[1].Quorum.LeaderId;
        Assert.NotNull(leader);
        Assert.All(Enumerable.Range(2, 2), id => Assert.Equal(leader, cluster.Nodes[id].Quorum.LeaderId));

        var config = cluster.SuperUserConfig(4);
        using (var admin = new AdminClientBuilder(new AdminClientConfig(config)).Build())
        {
            await admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = 1, ReplicationFactor = 3 }]);
        }
        await WaitUntilAsync(() => cluster.Nodes.Values.All(n => n.Broker.Image.TopicsByName.ContainsKey(topic)), "every node applies the topic");

        using var producer = new ProducerBuilder<Null, string>(new ProducerConfig(config) { Acks = Acks.All }).Build();
        var delivered = await producer.ProduceAsync(topic, new Message<Null, string> { Value = "through broker 4" });
        Assert.Equal(PersistenceStatus.Persisted, delivered.Status);
        Assert.False(cluster.Nodes[4].IsFenced);
    }

    [Fact]
    public async Task A_wrong_password_on_the_controller_port_is_refused_for_Kafka_and_Raft_connections()
    {
        int port = cluster.ControllerPorts[1];
        var wrong = cluster.Security(SecuredNodes.BrokerUser, "not-the-password");
        await using var client = new NodeClient(new NodeAddress(1, "127.0.0.1", port), new NodeClientOptions { Security = wrong });

        var kafka = await Assert.ThrowsAsync<NodeAuthenticationException>(() =>
            client.SendAsync<ApiVersionsResponse>(new ApiVersionsRequest(), ApiVersionsRequest.ApiKey, 3, CancellationToken.None));
        var raft = await Assert.ThrowsAsync<NodeAuthenticationException>(async () =>
            await new RaftConnectionHub { Security = wrong }.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port)));

        Assert.StartsWith($"Authentication to node 1 (127.0.0.1:{port}) failed: SASL_AUTHENTICATION_FAILED", kafka.Message, StringComparison.Ordinal);
        Assert.StartsWith($"Authentication to node -1 (127.0.0.1:{port}) failed: SASL_AUTHENTICATION_FAILED", raft.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_user_that_is_no_super_user_gets_CLUSTER_AUTHORIZATION_FAILED_and_changes_nothing()
    {
        int port = cluster.ControllerPorts[1];
        var alice = cluster.Security(SecuredNodes.ClientUser, SecuredNodes.ClientPassword);
        await using var client = new NodeClient(new NodeAddress(1, "127.0.0.1", port), new NodeClientOptions { Security = alice });

        var heartbeat = await client.SendAsync<BrokerHeartbeatResponse>(
            new BrokerHeartbeatRequest { BrokerId = 4, BrokerEpoch = 0, CurrentMetadataOffset = 0, WantFence = true, WantShutDown = true },
            BrokerHeartbeatRequest.ApiKey, 1, CancellationToken.None);
        var acl = new CreateAclsRequest.AclCreation
        {
            ResourceType = 4, // CLUSTER
            ResourceName = "kafka-cluster",
            ResourcePatternType = 3, // LITERAL
            Principal = "User:alice",
            Host = "*",
            Operation = 2, // ALL
            PermissionType = 3, // ALLOW
        };
        var created = await client.SendAsync<CreateAclsResponse>(new CreateAclsRequest { Creations = [acl] }, CreateAclsRequest.ApiKey, 3, CancellationToken.None);

        Assert.Equal((short)ErrorCode.ClusterAuthorizationFailed, heartbeat.ErrorCode);
        Assert.Equal([(short)ErrorCode.ClusterAuthorizationFailed], created.Results.Select(r => r.ErrorCode));
        await Task.Delay(500); // broker 4 heartbeats every 200 ms: a fence that got through would show by now
        Assert.False(cluster.Nodes[4].IsFenced);
        Assert.All(cluster.Nodes.Values, n => Assert.Empty(n.Broker.Image.Acls));

        // Raft: alice logs in, then the controller closes the connection rather than hand it to the quorum.
        await using var raft = await new RaftConnectionHub { Security = alice }.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        Assert.True(await IsClosedAsync(raft), "the Raft connection of a user without CLUSTER_ACTION stays open");
    }

    [Fact]
    public async Task DeleteAcls_by_a_user_that_is_no_super_user_gets_CLUSTER_AUTHORIZATION_FAILED_and_removes_nothing()
    {
        // The active controller's listener: a DeleteAcls that got past the check there would be carried out.
        int leader = cluster.Nodes[1].Quorum.LeaderId ?? throw new InvalidOperationException("no quorum leader");
        var address = new NodeAddress(leader, "127.0.0.1", cluster.ControllerPorts[leader]);
        await using var superUser = new NodeClient(address, new NodeClientOptions { Security = cluster.Security(SecuredNodes.BrokerUser, SecuredNodes.BrokerPassword) });
        await using var alice = new NodeClient(address, new NodeClientOptions { Security = cluster.Security(SecuredNodes.ClientUser, SecuredNodes.ClientPassword) });
        var acl = new CreateAclsRequest.AclCreation
        {
            ResourceType = 2, // TOPIC
            ResourceName = "kept",
            ResourcePatternType = 3, // LITERAL
            Principal = "User:bob",
            Host = "*",
            Operation = 3, // READ
            PermissionType = 3, // ALLOW
        };
        var created = await superUser.SendAsync<CreateAclsResponse>(new CreateAclsRequest { Creations = [acl] }, CreateAclsRequest.ApiKey, 3, CancellationToken.None);
        Assert.Equal([(short)0], created.Results.Select(r => r.ErrorCode));
        await WaitUntilAsync(() => cluster.Nodes.Values.All(n => n.Broker.Image.Acls.Count == 1), "every node applies the ACL");
        // Matches every ACL: anything that got through would remove the one above.
        var everything = new DeleteAclsRequest.DeleteAclsFilter
        {
            ResourceTypeFilter = 1, // ANY
            ResourceNameFilter = null,
            PatternTypeFilter = 1, // ANY
            PrincipalFilter = null,
            HostFilter = null,
            Operation = 1, // ANY
            PermissionType = 1, // ANY
        };
        try
        {
            var deleted = await alice.SendAsync<DeleteAclsResponse>(new DeleteAclsRequest { Filters = [everything] }, DeleteAclsRequest.ApiKey, 3, CancellationToken.None);

            var result = Assert.Single(deleted.FilterResults);
            Assert.Equal((short)ErrorCode.ClusterAuthorizationFailed, result.ErrorCode);
            Assert.Empty(result.MatchingAcls);
            await Task.Delay(500); // a removal that got through would reach the nodes by now
            Assert.All(cluster.Nodes.Values, n => Assert.Equal("kept", Assert.Single(n.Broker.Image.Acls).Value.ResourceName));
        }
        finally
        {
            // The other tests expect a cluster without ACLs.
            await superUser.SendAsync<DeleteAclsResponse>(new DeleteAclsRequest { Filters = [everything] }, DeleteAclsRequest.ApiKey, 3, CancellationToken.None);
            await WaitUntilAsync(() => cluster.Nodes.Values.All(n => n.Broker.Image.Acls.IsEmpty), "every node removes the ACL");
        }
    }

    [Fact]
    public async Task Raft_over_TLS_checks_the_certificate_against_the_host_name_the_voter_was_resolved_from()
    {
        int port = cluster.ControllerPorts[1];
        var endpoint = new IPEndPoint(IPAddress.Loopback, port);
        var named = new RaftConnectionHub { Security = cluster.Security(SecuredNodes.BrokerUser, SecuredNodes.BrokerPassword) };
        var misnamed = new RaftConnectionHub { Security = cluster.Security(SecuredNodes.BrokerUser, SecuredNodes.BrokerPassword) };
        named.NameHost(endpoint, "localhost");
        misnamed.NameHost(endpoint, "controller.invalid");

        await using var connection = await named.ConnectAsync(endpoint);
        var refused = await Assert.ThrowsAsync<NodeAuthenticationException>(async () => await misnamed.ConnectAsync(endpoint));

        Assert.StartsWith($"Authentication to node -1 (controller.invalid:{port}) failed: TLS handshake failed", refused.Message, StringComparison.Ordinal);
    }

    private static async Task<bool> IsClosedAsync(ConnectionContext connection)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            var read = await connection.Transport.Input.ReadAsync(timeout.Token);
            return read.IsCompleted && read.Buffer.IsEmpty;
        }
        catch (IOException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        for (int attempt = 0; attempt < 300 && clock.Elapsed < ControllerListenerSaslSslCluster.Deadline; attempt++)
        {
            if (condition())
            {
                return;
            }
            await Task.Delay(100);
        }
        Assert.Fail($"timed out waiting until {what}");
    }
}
