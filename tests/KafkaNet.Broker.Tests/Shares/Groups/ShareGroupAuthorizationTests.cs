using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Broker.Tests.Security.Authorization;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Shares.Groups;

/// <summary>
/// The checks of ShareGroupHeartbeat and ShareGroupDescribe as Kafka 4.x makes them: READ on the group and DESCRIBE on
/// the subscribed topics to heartbeat, DESCRIBE on the group and on the assigned topics to describe.
/// </summary>
public sealed class ShareGroupAuthorizationTests
{
    [Fact]
    public async Task A_heartbeat_needs_read_on_the_group_and_describe_on_its_topics()
    {
        await using var node = await ShareGroupNode.StartAsync();
        node.CreateTopic("sg-authz", 1);
        var grants = new GrantTable();
        node.Kafka.Broker.Authorizer = grants;

        var noGroup = await node.HeartbeatAsync(ShareGroupNode.Join("sg-authz-group", "member-a", "sg-authz"));
        grants.Grant(AclOperation.Read, AclResourceType.Group, "sg-authz-group");
        var noTopic = await node.HeartbeatAsync(ShareGroupNode.Join("sg-authz-group", "member-a", "sg-authz"));
        grants.Grant(AclOperation.Describe, AclResourceType.Topic, "sg-authz");
        var served = await node.HeartbeatAsync(ShareGroupNode.Join("sg-authz-group", "member-a", "sg-authz"));

        Assert.Equal((short)ErrorCode.GroupAuthorizationFailed, noGroup.ErrorCode);
        Assert.Equal((short)ErrorCode.TopicAuthorizationFailed, noTopic.ErrorCode);
        Assert.Equal((0, 1), (served.ErrorCode, served.MemberEpoch));
    }

    [Fact]
    public async Task Describe_needs_describe_on_the_group_and_on_the_assigned_topics()
    {
        await using var node = await ShareGroupNode.StartAsync();
        node.CreateTopic("sg-authz-described", 1);
        await node.HeartbeatAsync(ShareGroupNode.Join("sg-authz-describe", "member-a", "sg-authz-described"));
        var grants = new GrantTable();
        node.Kafka.Broker.Authorizer = grants;

        var noGroup = await node.DescribeAsync("sg-authz-describe");
        grants.Grant(AclOperation.Describe, AclResourceType.Group, "sg-authz-describe");
        var noTopic = await node.DescribeAsync("sg-authz-describe");
        grants.Grant(AclOperation.Describe, AclResourceType.Topic, "sg-authz-described");
        var served = await node.DescribeAsync("sg-authz-describe");

        Assert.Equal((short)ErrorCode.GroupAuthorizationFailed, noGroup.ErrorCode);
        Assert.Equal(((short)ErrorCode.TopicAuthorizationFailed, 0), (noTopic.ErrorCode, noTopic.Members.Count));
        Assert.Equal((0, 1), (served.ErrorCode, served.Members.Count));
    }
}
