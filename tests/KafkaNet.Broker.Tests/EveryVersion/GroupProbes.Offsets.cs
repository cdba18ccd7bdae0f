using KafkaNet.Broker.Groups.Offsets;
using KafkaNet.Broker.Tests.Groups.Consumer;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.EveryVersion;

/// <summary>Probes of committed offsets, group deletion and the KIP-848 consumer group protocol.</summary>
internal static partial class VersionProbes
{
    private static async Task OffsetCommitProbeAsync(ProbeContext context, short version)
    {
        var topic = CreateTopic(context, "commit", version);
        string group = context.UniqueName("commit", version);
        EnsureGroupCoordinator(context, group);
        long offset = 10 + version;
        string metadata = $"meta-{version}";
        var partition = new OffsetCommitRequest.OffsetCommitRequestPartition { PartitionIndex = 0, CommittedOffset = offset, CommittedMetadata = metadata };
        if (version >= 6)
        {
            partition.CommittedLeaderEpoch = 0;
        }
        var committed = new OffsetCommitRequest.OffsetCommitRequestTopic { Partitions = [partition] };
        if (version >= 10)
        {
            committed.TopicId = topic.TopicId;
        }
        else
        {
            committed.Name = topic.Name;
        }
        // Outside group management: v1+ say so with generation -1 and no member id; v0 has neither field.
        var request = new OffsetCommitRequest { GroupId = group, Topics = [committed] };
        if (version >= 1)
        {
            request.GenerationIdOrMemberEpoch = -1;
            request.MemberId = "";
        }

        var response = await context.SendAsync<OffsetCommitResponse>(OffsetCommitRequest.ApiKey, version, request);

        ProbeContext.AssertNoErrors(response);
        var answered = Assert.Single(response.Topics);
        Assert.Equal(version >= 10 ? (null, topic.TopicId) : (topic.Name, Guid.Empty), (version >= 10 ? null : answered.Name, answered.TopicId));
        Assert.Equal(0, Assert.Single(answered.Partitions).PartitionIndex);
        var stored = CommittedOffset(context, group, topic.Name);
        Assert.Equal((offset, metadata), (stored?.Offset, stored?.Metadata));
    }

    private static async Task OffsetFetchProbeAsync(ProbeContext context, short version)
    {
        var topic = CreateTopic(context, "fetch", version);
        string group = context.UniqueName("fetch", version);
        long offset = 20 + version;
        await CommitAsync(context, group, topic, offset, leaderEpoch: 0, metadata: "fetched");
        var request = version < 8
            ? new OffsetFetchRequest { GroupId = group, Topics = [new() { Name = topic.Name, PartitionIndexes = [0] }] }
            : new OffsetFetchRequest
            {
                Groups =
                [
                    new OffsetFetchRequest.OffsetFetchRequestGroup
                    {
                        GroupId = group,
                        Topics = [version >= 10 ? new() { TopicId = topic.TopicId, PartitionIndexes = [0] } : new() { Name = topic.Name, PartitionIndexes = [0] }],
                    },
                ],
            };

        var response = await context.SendAsync<OffsetFetchResponse>(OffsetFetchRequest.ApiKey, version, request);

        ProbeContext.AssertNoErrors(response);
        if (version < 8)
        {
            var answered = Assert.Single(response.Topics);
            var partition = Assert.Single(answered.Partitions);
            Assert.Equal((topic.Name, 0, offset, "fetched"), (answered.Name, partition.PartitionIndex, partition.CommittedOffset, partition.Metadata));
            Assert.Equal(version >= 5 ? 0 : -1, partition.CommittedLeaderEpoch);
        }
        else
        {
            var fetched = Assert.Single(response.Groups);
            Assert.Equal(group, fetched.GroupId);
            var answered = Assert.Single(fetched.Topics);
            Assert.Equal(version >= 10 ? (null, topic.TopicId) : (topic.Name, Guid.Empty), (version >= 10 ? null : answered.Name, answered.TopicId));
            var partition = Assert.Single(answered.Partitions);
            Assert.Equal((0, offset, 0, "fetched"), (partition.PartitionIndex, partition.CommittedOffset, partition.CommittedLeaderEpoch, partition.Metadata));
        }
    }

    private static async Task OffsetDeleteProbeAsync(ProbeContext context, short version)
    {
        var topic = CreateTopic(context, "offset-delete", version);
        string group = context.UniqueName("offset-delete", version);
        await CommitAsync(context, group, topic, 30, leaderEpoch: -1, metadata: "");

        var response = await context.SendAsync<OffsetDeleteResponse>(OffsetDeleteRequest.ApiKey, version, new OffsetDeleteRequest
        {
            GroupId = group,
            Topics = [new() { Name = topic.Name, Partitions = [new() { PartitionIndex = 0 }] }],
        });

        ProbeContext.AssertNoErrors(response);
        var answered = Assert.Single(response.Topics);
        Assert.Equal((topic.Name, 0), (answered.Name, Assert.Single(answered.Partitions).PartitionIndex));
        Assert.Null(CommittedOffset(context, group, topic.Name));
    }

    private static async Task DeleteGroupsProbeAsync(ProbeContext context, short version)
    {
        var topic = CreateTopic(context, "delete-group", version);
        string group = context.UniqueName("delete-group", version);
        await CommitAsync(context, group, topic, 40, leaderEpoch: -1, metadata: "");

        var response = await context.SendAsync<DeleteGroupsResponse>(DeleteGroupsRequest.ApiKey, version,
            new DeleteGroupsRequest { GroupsNames = [group] });

        ProbeContext.AssertNoErrors(response);
        Assert.Equal(group, Assert.Single(response.Results).GroupId);
        Assert.Equal(ErrorCode.GroupIdNotFound, context.Kafka.Broker.Groups.DescribeGroup(group).Error);
        Assert.Null(CommittedOffset(context, group, topic.Name));
    }

    private static async Task ConsumerGroupHeartbeatProbeAsync(ProbeContext context, short version)
    {
        var topic = CreateTopic(context, "consumer-heartbeat", version);
        string group = context.UniqueName("consumer-heartbeat", version);
        EnsureGroupCoordinator(context, group);
        // v0 lets the coordinator choose the member id; from v1 (KIP-1082) the client does.
        string memberId = version == 0 ? "" : Guid.NewGuid().ToString();

        var response = await context.SendAsync<ConsumerGroupHeartbeatResponse>(ConsumerGroupHeartbeatRequest.ApiKey, version,
            ConsumerGroupDriver.Join(group, memberId, topic.Name));

        ProbeContext.AssertNoErrors(response);
        Assert.False(string.IsNullOrEmpty(response.MemberId));
        if (version >= 1)
        {
            Assert.Equal(memberId, response.MemberId);
        }
        Assert.Equal(1, response.MemberEpoch);
        Assert.True(response.HeartbeatIntervalMs > 0, $"heartbeat interval {response.HeartbeatIntervalMs}");
        Assert.NotNull(response.Assignment);
        var assigned = Assert.Single(response.Assignment.TopicPartitions);
        Assert.Equal(topic.TopicId, assigned.TopicId);
        Assert.Equal([0], assigned.Partitions);
    }

    private static async Task ConsumerGroupDescribeProbeAsync(ProbeContext context, short version)
    {
        var topic = CreateTopic(context, "consumer-describe", version);
        string group = context.UniqueName("consumer-describe", version);
        string memberId = Guid.NewGuid().ToString();
        EnsureGroupCoordinator(context, group);
        var joined = await context.Kafka.Broker.Groups.ConsumerGroupHeartbeatAsync(ConsumerGroupDriver.Join(group, memberId, topic.Name), 1,
            "probe", "/127.0.0.1", CancellationToken.None);
        ProbeContext.AssertNoErrors(joined);

        var response = await context.SendAsync<ConsumerGroupDescribeResponse>(ConsumerGroupDescribeRequest.ApiKey, version,
            new ConsumerGroupDescribeRequest { GroupIds = [group], IncludeAuthorizedOperations = true });

        ProbeContext.AssertNoErrors(response);
        var described = Assert.Single(response.Groups);
        Assert.Equal((group, "Stable", 1), (described.GroupId, described.GroupState, described.GroupEpoch));
        Assert.NotEqual(int.MinValue, described.AuthorizedOperations);
        var member = Assert.Single(described.Members);
        Assert.Equal((memberId, 1, "probe"), (member.MemberId, member.MemberEpoch, member.ClientId));
        Assert.Equal([topic.Name], member.SubscribedTopicNames);
        var owned = Assert.Single(member.Assignment.TopicPartitions);
        Assert.Equal((topic.TopicId, topic.Name), (owned.TopicId, owned.TopicName));
        Assert.Equal([0], owned.Partitions);
        if (version >= 1)
        {
            Assert.Equal(1, member.MemberType);
        }
    }

    /// <summary>A commit from outside group management, straight to the coordinator, that creates the group empty.</summary>
    private static async Task CommitAsync(ProbeContext context, string group, TopicInfo topic, long offset, int leaderEpoch, string metadata)
    {
        EnsureGroupCoordinator(context, group);
        var (groupError, errors) = await context.Kafka.Broker.Groups.CommitOffsetsAsync(group, "", null, -1, null, 8,
            [new OffsetCommitEntry(topic.Name, Guid.Empty, 0, offset, leaderEpoch, metadata, TopicExists: true)]);
        Assert.Equal(ErrorCode.None, groupError);
        Assert.Equal(ErrorCode.None, Assert.Single(errors));
        Assert.Equal(offset, CommittedOffset(context, group, topic.Name)?.Offset);
    }

    private static OffsetAndMetadata? CommittedOffset(ProbeContext context, string group, string topic)
    {
        var (error, offsets) = context.Kafka.Broker.Groups.FetchOffsets(group, [new TopicPartitionKey(topic, 0)]);
        Assert.Equal(ErrorCode.None, error);
        return Assert.Single(offsets).Offset;
    }
}
