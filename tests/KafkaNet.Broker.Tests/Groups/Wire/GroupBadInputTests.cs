using KafkaNet.Broker.Tests.Network;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Groups.Wire;

/// <summary>Requests Kafka refuses get Kafka's error codes, and nothing reaches __consumer_offsets.</summary>
public sealed class GroupBadInputTests
{
    [Fact]
    public async Task Join_without_protocols_is_inconsistent_and_creates_nothing()
    {
        await using var kafka = await GroupWire.StartAsync();
        using var session = await WireSession.OpenAsync(kafka.Port);
        await GroupWire.FindCoordinatorAsync(session, "no-protocols");
        long before = GroupWire.OffsetsTopicEnd(kafka);

        var request = GroupWire.Join("no-protocols");
        request.Protocols.Clear();
        var join = await GroupWire.JoinAsync(session, 5, request);

        Assert.Equal((short)ErrorCode.InconsistentGroupProtocol, join.ErrorCode);
        Assert.Equal(before, GroupWire.OffsetsTopicEnd(kafka));
        Assert.DoesNotContain(kafka.Broker.Groups.ListGroups().Groups, g => g.GroupId == "no-protocols");
        await session.AssertUsableAsync();
    }

    [Fact]
    public async Task Unknown_member_ids_and_stale_generations_are_refused_without_writing()
    {
        await using var kafka = await GroupWire.StartAsync();
        kafka.CreateTopic(new TopicSpec("bad-input", 1, 1, []));
        using var session = await WireSession.OpenAsync(kafka.Port);
        const string group = "bad-members";
        await GroupWire.FindCoordinatorAsync(session, group);
        var join = await GroupWire.JoinAsync(session, 3, GroupWire.Join(group));
        await GroupWire.SyncAsync(session, 3, group, join.MemberId, join.GenerationId, (join.MemberId, [1]));
        long before = GroupWire.OffsetsTopicEnd(kafka);

        Assert.Equal((short)ErrorCode.UnknownMemberId, (await GroupWire.JoinAsync(session, 3, GroupWire.Join(group, "stranger"))).ErrorCode);
        Assert.Equal((short)ErrorCode.UnknownMemberId, (await GroupWire.SyncAsync(session, 3, group, "stranger", join.GenerationId, ("stranger", [9]))).ErrorCode);
        Assert.Equal((short)ErrorCode.UnknownMemberId, (await GroupWire.HeartbeatAsync(session, group, "stranger", join.GenerationId)).ErrorCode);
        Assert.Equal((short)ErrorCode.IllegalGeneration, (await GroupWire.HeartbeatAsync(session, group, join.MemberId, join.GenerationId - 1)).ErrorCode);
        Assert.Equal((short)ErrorCode.IllegalGeneration, (await GroupWire.SyncAsync(session, 3, group, join.MemberId, join.GenerationId + 5)).ErrorCode);
        var staleCommit = await CommitAsync(session, group, join.MemberId, join.GenerationId - 1, "bad-input");
        Assert.Equal((short)ErrorCode.IllegalGeneration, staleCommit);
        var strangerCommit = await CommitAsync(session, group, "stranger", join.GenerationId, "bad-input");
        Assert.Equal((short)ErrorCode.UnknownMemberId, strangerCommit);

        Assert.Equal(before, GroupWire.OffsetsTopicEnd(kafka));
        Assert.Null(kafka.Broker.Groups.FetchOffsets(group, [new("bad-input", 0)]).Offsets.Single().Offset);
    }

    [Fact]
    public async Task Commit_for_a_topic_that_does_not_exist_gets_unknown_topic_and_writes_nothing()
    {
        await using var kafka = await GroupWire.StartAsync();
        using var session = await WireSession.OpenAsync(kafka.Port);
        await GroupWire.FindCoordinatorAsync(session, "ghost-commits");
        long before = GroupWire.OffsetsTopicEnd(kafka);

        var error = await CommitAsync(session, "ghost-commits", "", -1, "no-such-topic");

        Assert.Equal((short)ErrorCode.UnknownTopicOrPartition, error);
        Assert.Equal(before, GroupWire.OffsetsTopicEnd(kafka));
    }

    [Fact]
    public async Task Leader_assignment_naming_an_unknown_member_is_ignored_as_Kafka_does()
    {
        await using var kafka = await GroupWire.StartAsync();
        using var session = await WireSession.OpenAsync(kafka.Port);
        const string group = "ghost-assignment";
        await GroupWire.FindCoordinatorAsync(session, group);
        var join = await GroupWire.JoinAsync(session, 5, GroupWire.Join(group));
        join = await GroupWire.JoinAsync(session, 5, GroupWire.Join(group, join.MemberId));

        var sync = await GroupWire.SyncAsync(session, 3, group, join.MemberId, join.GenerationId, (join.MemberId, [1, 2]), ("ghost", [3]));

        Assert.Equal(0, sync.ErrorCode);
        Assert.Equal(new byte[] { 1, 2 }, sync.Assignment.ToArray());
        var described = kafka.Broker.Groups.DescribeGroup(group);
        Assert.DoesNotContain(described.Members, m => m.MemberId == "ghost");
    }

    [Fact]
    public async Task Session_timeouts_outside_the_brokers_bounds_are_refused()
    {
        await using var kafka = await GroupWire.StartAsync();
        using var session = await WireSession.OpenAsync(kafka.Port);
        await GroupWire.FindCoordinatorAsync(session, "timeouts");

        var tooShort = await GroupWire.JoinAsync(session, 5, GroupWire.Join("timeouts", sessionTimeoutMs: 10));
        var tooLong = await GroupWire.JoinAsync(session, 5, GroupWire.Join("timeouts", sessionTimeoutMs: int.MaxValue));

        Assert.Equal((short)ErrorCode.InvalidSessionTimeout, tooShort.ErrorCode);
        Assert.Equal((short)ErrorCode.InvalidSessionTimeout, tooLong.ErrorCode);
    }

    [Fact]
    public async Task A_member_beyond_group_max_size_is_refused()
    {
        await using var kafka = await GroupWire.StartAsync(maxGroupSize: 2);
        using var session = await WireSession.OpenAsync(kafka.Port);
        await GroupWire.FindCoordinatorAsync(session, "small");

        var first = await GroupWire.JoinAsync(session, 5, GroupWire.Join("small"));
        var second = await GroupWire.JoinAsync(session, 5, GroupWire.Join("small"));
        var third = await GroupWire.JoinAsync(session, 5, GroupWire.Join("small"));

        Assert.Equal((short)ErrorCode.MemberIdRequired, first.ErrorCode);
        Assert.Equal((short)ErrorCode.MemberIdRequired, second.ErrorCode);
        Assert.Equal((short)ErrorCode.GroupMaxSizeReached, third.ErrorCode);
    }

    [Fact]
    public async Task Empty_group_id_is_invalid()
    {
        await using var kafka = await GroupWire.StartAsync();
        using var session = await WireSession.OpenAsync(kafka.Port);

        var join = await GroupWire.JoinAsync(session, 5, GroupWire.Join(""));

        Assert.Equal((short)ErrorCode.InvalidGroupId, join.ErrorCode);
    }

    /// <summary>Kafka sets no limit on group ids (one was proposed and never adopted): a 10,000-character id works end to end.</summary>
    [Fact]
    public async Task A_ten_thousand_character_group_id_is_served_like_any_other()
    {
        await using var kafka = await GroupWire.StartAsync();
        kafka.CreateTopic(new TopicSpec("long-ids", 1, 1, []));
        using var session = await WireSession.OpenAsync(kafka.Port);
        string group = new('g', 10_000);
        await GroupWire.FindCoordinatorAsync(session, group);

        var join = await GroupWire.JoinAsync(session, 3, GroupWire.Join(group));
        var sync = await GroupWire.SyncAsync(session, 3, group, join.MemberId, join.GenerationId, (join.MemberId, [4]));
        var commit = await CommitAsync(session, group, join.MemberId, join.GenerationId, "long-ids");

        Assert.Equal((0, 0, 0), (join.ErrorCode, sync.ErrorCode, commit));
        Assert.Equal(0L, kafka.Broker.Groups.FetchOffsets(group, [new("long-ids", 0)]).Offsets.Single().Offset?.Offset);
    }

    private static async Task<short> CommitAsync(WireSession session, string group, string memberId, int generation, string topic)
    {
        var response = await session.SendAsync<OffsetCommitResponse>(OffsetCommitRequest.ApiKey, 7, new OffsetCommitRequest
        {
            GroupId = group,
            MemberId = memberId,
            GenerationIdOrMemberEpoch = generation,
            Topics =
            [
                new OffsetCommitRequest.OffsetCommitRequestTopic
                {
                    Name = topic,
                    Partitions = [new OffsetCommitRequest.OffsetCommitRequestPartition { PartitionIndex = 0, CommittedOffset = 0, CommittedMetadata = "" }],
                },
            ],
        }, flexible: false);
        return response.Topics.Single().Partitions.Single().ErrorCode;
    }
}
