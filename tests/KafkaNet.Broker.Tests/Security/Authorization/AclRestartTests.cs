using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KafkaNet.Broker.Tests.Admin;
using KafkaNet.Embedded;
using Acl = KafkaNet.Broker.Security.Authorization;

namespace KafkaNet.Broker.Tests.Security.Authorization;

/// <summary>ACLs live in the metadata log: a node restarted on the same data directory has them, and decides by them.</summary>
public sealed class AclRestartTests
{
    private static EmbeddedKafkaOptions Options(string directory)
    {
        var options = new EmbeddedKafkaOptions { DataDirectory = directory, AclAuthorizer = true };
        options.SuperUsers.Add("User:ANONYMOUS");
        return options;
    }

    private static AclBinding Binding(string name, ResourcePatternType pattern) => new()
    {
        Pattern = new ResourcePattern { Type = ResourceType.Topic, Name = name, ResourcePatternType = pattern },
        Entry = new AccessControlEntry { Principal = "User:alice", Host = "*", Operation = AclOperation.Write, PermissionType = AclPermissionType.Allow },
    };

    [Fact]
    public async Task Acls_survive_a_restart_on_the_same_data_directory()
    {
        using var directory = new TempDirectory();
        await using (var kafka = await EmbeddedKafka.StartAsync(Options(directory.Path)))
        {
            using var admin = AdminClients.Create(kafka);
            await admin.CreateAclsAsync([Binding("audit-", ResourcePatternType.Prefixed), Binding("scratch", ResourcePatternType.Literal)],
                new CreateAclsOptions { RequestTimeout = AdminClients.Timeout });
            var deleted = await admin.DeleteAclsAsync([Binding("scratch", ResourcePatternType.Literal).ToFilter()],
                new DeleteAclsOptions { RequestTimeout = AdminClients.Timeout });
            Assert.Single(Assert.Single(deleted).AclBindings);
        }

        await using var restarted = await EmbeddedKafka.StartAsync(Options(directory.Path));

        var acl = Assert.Single(restarted.Broker.Image.Acls.Values);
        Assert.Equal(("audit-", Acl.AclPatternType.Prefixed), (acl.ResourceName, acl.PatternType));
        Assert.True(restarted.Broker.Authorizer!.Authorize("User:alice", "127.0.0.1", Acl.AclOperation.Write, Acl.AclResourceType.Topic, "audit-log"));
        Assert.False(restarted.Broker.Authorizer.Authorize("User:alice", "127.0.0.1", Acl.AclOperation.Write, Acl.AclResourceType.Topic, "scratch"));
    }
}
