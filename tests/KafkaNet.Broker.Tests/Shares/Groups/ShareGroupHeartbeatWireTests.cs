using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Shares.Groups;

/// <summary>ShareGroupHeartbeat over the wire: joining, assignment, leaving, epochs and refusals.</summary>
public sealed class ShareGroupHeartbeatWireTests
{
    [Fact]
    public async Task A_member_joins_with_epoch_0_and_gets_every_partition()
    {
        await using var node = await ShareGroupNode.StartAsync();
        var topicId = node.CreateTopic("sg-orders", 3);

        var joined = await node.HeartbeatAsync(ShareGroupNode.Join("sg-join", "member-a", "sg-orders"));

        Assert.Equal((0, null, "member-a", 1, 5000), (joined.ErrorCode, joined.ErrorMessage, joined.MemberId, joined.MemberEpoch, joined.HeartbeatIntervalMs));
        var topic = Assert.Single(joined.Assignment!.TopicPartitions);
        Assert.Equal(topicId, topic.TopicId);
        Assert.Equal([0, 1, 2], topic.Partitions);

        var again = await node.HeartbeatAsync(ShareGroupNode.Beat("sg-join", "member-a", 1));
        Assert.Equal((0, 1), (again.ErrorCode, again.MemberEpoch));
        Assert.Null(again.Assignment);
    }

    [Fact]
    public async Task Partitions_spread_over_members_and_go_back_when_one_leaves()
    {
        await using var node = await ShareGroupNode.StartAsync();
        node.CreateTopic("sg-spread", 4);
        await node.HeartbeatAsync(ShareGroupNode.Join("sg-spread", "member-a", "sg-spread"));
        var b = await node.HeartbeatAsync(ShareGroupNode.Join("sg-spread", "member-b", "sg-spread"));
        var a = await node.HeartbeatAsync(ShareGroupNode.Beat("sg-spread", "member-a", 1));

        Assert.Equal((2, 2), (a.MemberEpoch, b.MemberEpoch));
        var ofA = Assert.Single(a.Assignment!.TopicPartitions).Partitions;
        var ofB = Assert.Single(b.Assignment!.TopicPartitions).Partitions;
        Assert.Equal((2, 2), (ofA.Count, ofB.Count));
        Assert.Equal([0, 1, 2, 3], ofA.Concat(ofB).Order());

        var left = await node.LeaveAsync("sg-spread", "member-b");
        Assert.Equal((0, "member-b", -1), (left.ErrorCode, left.MemberId, left.MemberEpoch));
        var alone = await node.HeartbeatAsync(ShareGroupNode.Beat("sg-spread", "member-a", 2));
        Assert.Equal(3, alone.MemberEpoch);
        Assert.Equal([0, 1, 2, 3], Assert.Single(alone.Assignment!.TopicPartitions).Partitions);
    }

    [Fact]
    public async Task More_members_than_partitions_share_the_partitions()
    {
        await using var node = await ShareGroupNode.StartAsync();
        node.CreateTopic("sg-few", 1);
        await node.HeartbeatAsync(ShareGroupNode.Join("sg-few", "member-a", "sg-few"));
        var b = await node.HeartbeatAsync(ShareGroupNode.Join("sg-few", "member-b", "sg-few"));
        var a = await node.HeartbeatAsync(ShareGroupNode.Beat("sg-few", "member-a", 1));

        Assert.Equal([0], Assert.Single(b.Assignment!.TopicPartitions).Partitions);
        Assert.Equal([0], Assert.Single(a.Assignment!.TopicPartitions).Partitions);
    }

    [Theory]
    [InlineData("", "member", 0, "sg-topic", ErrorCode.InvalidRequest, "GroupId can't be empty.")]
    [InlineData("sg-bad", "", 0, "sg-topic", ErrorCode.InvalidRequest, "MemberId can't be empty.")]
    [InlineData("sg-bad", "member", 0, null, ErrorCode.InvalidRequest, "SubscribedTopicNames must be set in first request.")]
    [InlineData("sg-bad", "member", -2, "sg-topic", ErrorCode.InvalidRequest, "MemberEpoch is invalid.")]
    [InlineData("sg-missing", "member", 3, "sg-topic", ErrorCode.GroupIdNotFound, "Share group sg-missing not found.")]
    [InlineData("sg-missing", "member", -1, null, ErrorCode.GroupIdNotFound, "Share group sg-missing not found.")]
    public async Task Invalid_heartbeats_are_refused_as_Kafka_refuses_them(string group, string memberId, int epoch, string? topic, ErrorCode error, string message)
    {
        await using var node = await ShareGroupNode.StartAsync();
        var request = new ShareGroupHeartbeatRequest
        {
            GroupId = group, MemberId = memberId, MemberEpoch = epoch, RackId = null, SubscribedTopicNames = topic is null ? null : [topic],
        };

        var refused = await node.HeartbeatAsync(request);

        Assert.Equal(((short)error, message, 0), (refused.ErrorCode, refused.ErrorMessage, refused.HeartbeatIntervalMs));
        Assert.Null(refused.Assignment);
    }

    [Fact]
    public async Task Unknown_members_and_wrong_epochs_are_fenced()
    {
        await using var node = await ShareGroupNode.StartAsync();
        node.CreateTopic("sg-fence", 2);
        await node.HeartbeatAsync(ShareGroupNode.Join("sg-fence", "member-a", "sg-fence"));

        var unknown = await node.HeartbeatAsync(ShareGroupNode.Beat("sg-fence", "member-z", 1));
        var ahead = await node.HeartbeatAsync(ShareGroupNode.Beat("sg-fence", "member-a", 7));

        Assert.Equal((short)ErrorCode.UnknownMemberId, unknown.ErrorCode);
        Assert.Equal((short)ErrorCode.FencedMemberEpoch, ahead.ErrorCode);
    }

    [Fact]
    public async Task A_group_id_belongs_to_one_type_of_group()
    {
        await using var node = await ShareGroupNode.StartAsync();
        node.CreateTopic("sg-types", 1);
        await node.HeartbeatAsync(ShareGroupNode.Join("sg-share", "member-a", "sg-types"));
        var consumer = await node.SendAsync<ConsumerGroupHeartbeatResponse>(ConsumerGroupHeartbeatRequest.ApiKey, 1,
            new ConsumerGroupHeartbeatRequest { GroupId = "sg-consumer", MemberId = "c-1", MemberEpoch = 0, RebalanceTimeoutMs = 30000, SubscribedTopicNames = ["sg-types"], TopicPartitions = [] });
        Assert.Equal(0, consumer.ErrorCode);

        var shareOnConsumer = await node.HeartbeatAsync(ShareGroupNode.Join("sg-consumer", "member-b", "sg-types"));
        var consumerOnShare = await node.SendAsync<ConsumerGroupHeartbeatResponse>(ConsumerGroupHeartbeatRequest.ApiKey, 1,
            new ConsumerGroupHeartbeatRequest { GroupId = "sg-share", MemberId = "c-2", MemberEpoch = 0, RebalanceTimeoutMs = 30000, SubscribedTopicNames = ["sg-types"], TopicPartitions = [] });
        var classicOnShare = await node.SendAsync<JoinGroupResponse>(JoinGroupRequest.ApiKey, 9, new JoinGroupRequest
        {
            GroupId = "sg-share", SessionTimeoutMs = 10000, RebalanceTimeoutMs = 10000, MemberId = "", ProtocolType = "consumer",
            Protocols = [new JoinGroupRequest.JoinGroupRequestProtocol { Name = "range", Metadata = new byte[] { 0, 1 } }],
        });

        Assert.Equal(((short)ErrorCode.GroupIdNotFound, "Group sg-consumer is not a share group."), (shareOnConsumer.ErrorCode, shareOnConsumer.ErrorMessage));
        Assert.Equal(((short)ErrorCode.GroupIdNotFound, "Group sg-share is not a consumer group."), (consumerOnShare.ErrorCode, consumerOnShare.ErrorMessage));
        Assert.Equal((short)ErrorCode.InconsistentGroupProtocol, classicOnShare.ErrorCode);
    }

    [Fact]
    public async Task The_group_size_is_capped_by_group_share_max_size()
    {
        await using var node = await ShareGroupNode.StartAsync(o => o.ShareGroups.MaxSize = 1);
        node.CreateTopic("sg-cap", 1);
        await node.HeartbeatAsync(ShareGroupNode.Join("sg-cap", "member-a", "sg-cap"));

        var refused = await node.HeartbeatAsync(ShareGroupNode.Join("sg-cap", "member-b", "sg-cap"));

        Assert.Equal(((short)ErrorCode.GroupMaxSizeReached, "The share group has reached its maximum capacity of 1 members."), (refused.ErrorCode, refused.ErrorMessage));
    }
}
