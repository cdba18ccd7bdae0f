using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KafkaNet.Embedded;
using Ours = KafkaNet.Broker.Security.Authorization;

namespace KafkaNet.Cluster.Tests.Node;

/// <summary>
/// ACLs in a cluster whose brokers beside a dedicated controller: a broker forwards CreateAcls and DeleteAcls to the
/// controller over its listener, and every broker applies the records and answers DescribeAcls from its own image.
/// </summary>
public sealed class ClusterAclTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static readonly AclBindingFilter AliceFilter = new()
    {
        PatternFilter = new ResourcePatternFilter { Type = ResourceType.Any, Name = null, ResourcePatternType = ResourcePatternType.Any },
        EntryFilter = new AccessControlEntryFilter { Principal = "User:alice", Host = null, Operation = AclOperation.Any, PermissionType = AclPermissionType.Any },
    };

    [Fact]
    public async Task Acls_made_through_one_broker_reach_every_broker()
    {
        await using var cluster = await EmbeddedKafkaCluster.StartAsync(2, new EmbeddedKafkaClusterOptions
        {
            DedicatedControllers = 1,
            Configure = o =>
            {
                o.Authorizer.Enabled = true;
                o.Authorizer.SuperUsers.Add("User:ANONYMOUS");
            },
        });
        using var first = ThreeNodeClusterTests.Admin(cluster.BootstrapServersOf(1));
        using var second = ThreeNodeClusterTests.Admin(cluster.BootstrapServersOf(2));
        var acl = new AclBinding
        {
            Pattern = new ResourcePattern { Type = ResourceType.Topic, Name = "orders-", ResourcePatternType = ResourcePatternType.Prefixed },
            Entry = new AccessControlEntry { Principal = "User:alice", Host = "*", Operation = AclOperation.Write, PermissionType = AclPermissionType.Allow },
        };

        await first.CreateAclsAsync([acl], new CreateAclsOptions { RequestTimeout = Timeout });

        await UntilAsync(() => cluster.Brokers.All(b => b.Broker.Image.Acls.Count == 1));
        var listed = await second.DescribeAclsAsync(AliceFilter, new DescribeAclsOptions { RequestTimeout = Timeout });
        Assert.Equal("orders- Prefixed Write", string.Join(",", listed.AclBindings.Select(b => $"{b.Pattern.Name} {b.Pattern.ResourcePatternType} {b.Entry.Operation}")));
        Assert.All(cluster.Brokers, b => Assert.True(b.Broker.Authorizer!.Authorize(
            "User:alice", "10.1.1.1", Ours.AclOperation.Write, Ours.AclResourceType.Topic, "orders-eu")));

        var deleted = await second.DeleteAclsAsync([AliceFilter], new DeleteAclsOptions { RequestTimeout = Timeout });

        Assert.Single(Assert.Single(deleted).AclBindings);
        await UntilAsync(() => cluster.Brokers.All(b => b.Broker.Image.Acls.IsEmpty));
    }

    private static async Task UntilAsync(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(Timeout);
        while (!condition())
        {
            await Task.Delay(20, deadline.Token);
        }
    }
}
