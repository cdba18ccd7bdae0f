using KafkaNet.Broker.Tests.Network;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Groups.Wire;

/// <summary>
/// Clients from before KIP-394 join with an empty member id and expect the assigned id in the answer;
/// Kafka 4.0 dropped JoinGroup v0-1 and OffsetCommit/OffsetFetch v0-1 and broke them.
/// </summary>
public sealed class OldClientGroupTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Join_with_empty_member_id_gets_the_assigned_id_and_the_leader_gets_the_members(short version)
    {
        await using var kafka = await GroupWire.StartAsync();
        using var session = await WireSession.OpenAsync(kafka.Port);
        string group = $"old-join-v{version}";
        await GroupWire.FindCoordinatorAsync(session, group);

        var join = await GroupWire.JoinAsync(session, version, GroupWire.Join(group));

        Assert.Equal(0, join.ErrorCode);
        Assert.StartsWith("raw-test-", join.MemberId, StringComparison.Ordinal);
        Assert.Equal(1, join.GenerationId);
        Assert.Equal("range", join.ProtocolName);
        Assert.Equal(join.MemberId, join.Leader);
        var member = Assert.Single(join.Members);
        Assert.Equal(join.MemberId, member.MemberId);
        Assert.Equal(new byte[] { 0, 1, 5 }, member.Metadata.ToArray());

        var sync = await GroupWire.SyncAsync(session, 0, group, join.MemberId, join.GenerationId, (join.MemberId, new byte[] { 7, 7 }));
        Assert.Equal(0, sync.ErrorCode);
        Assert.Equal(new byte[] { 7, 7 }, sync.Assignment.ToArray());
        Assert.Equal(0, (await GroupWire.HeartbeatAsync(session, group, join.MemberId, join.GenerationId)).ErrorCode);
    }

    [Fact]
    public async Task Two_v0_members_join_one_generation_and_only_the_leader_sees_the_member_list()
    {
        await using var kafka = await GroupWire.StartAsync(initialDelayMs: 500);
        using var first = await WireSession.OpenAsync(kafka.Port);
        using var second = await WireSession.OpenAsync(kafka.Port);
        const string group = "old-two-members";
        await GroupWire.FindCoordinatorAsync(first, group);

        var joins = await Task.WhenAll(
            GroupWire.JoinAsync(first, 0, GroupWire.Join(group)),
            GroupWire.JoinAsync(second, 0, GroupWire.Join(group)));

        Assert.All(joins, j => Assert.Equal(0, j.ErrorCode));
        Assert.All(joins, j => Assert.Equal(1, j.GenerationId));
        Assert.NotEqual(joins[0].MemberId, joins[1].MemberId);
        var leader = Assert.Single(joins, j => j.Leader == j.MemberId);
        Assert.Equal(2, leader.Members.Count);
        Assert.Empty(Assert.Single(joins, j => j.Leader != j.MemberId).Members);
    }

    [Fact]
    public async Task OffsetCommit_v1_and_OffsetFetch_v1_round_trip_offsets_and_metadata()
    {
        await using var kafka = await GroupWire.StartAsync();
        kafka.CreateTopic(new TopicSpec("old-offsets", 2, 1, []));
        using var session = await WireSession.OpenAsync(kafka.Port);
        const string group = "old-offsets-group";
        await GroupWire.FindCoordinatorAsync(session, group);

        var commit = await session.SendAsync<OffsetCommitResponse>(OffsetCommitRequest.ApiKey, 1, new OffsetCommitRequest
        {
            GroupId = group,
            GenerationIdOrMemberEpoch = -1,
            MemberId = "",
            Topics =
            [
                new OffsetCommitRequest.OffsetCommitRequestTopic
                {
                    Name = "old-offsets",
                    Partitions =
                    [
                        new OffsetCommitRequest.OffsetCommitRequestPartition { PartitionIndex = 0, CommittedOffset = 42, CommittedMetadata = "checkpoint-a" },
                        new OffsetCommitRequest.OffsetCommitRequestPartition { PartitionIndex = 1, CommittedOffset = 7, CommittedMetadata = null },
                    ],
                },
            ],
        }, flexible: false);
        Assert.All(commit.Topics.Single().Partitions, p => Assert.Equal(0, p.ErrorCode));

        var fetch = await session.SendAsync<OffsetFetchResponse>(OffsetFetchRequest.ApiKey, 1, new OffsetFetchRequest
        {
            GroupId = group,
            Topics = [new OffsetFetchRequest.OffsetFetchRequestTopic { Name = "old-offsets", PartitionIndexes = [0, 1] }],
        }, flexible: false);
        var partitions = fetch.Topics.Single().Partitions.OrderBy(p => p.PartitionIndex).ToList();
        Assert.Equal((42L, "checkpoint-a"), (partitions[0].CommittedOffset, partitions[0].Metadata));
        Assert.Equal((7L, ""), (partitions[1].CommittedOffset, partitions[1].Metadata));
        Assert.All(partitions, p => Assert.Equal((short)ErrorCode.None, p.ErrorCode));
    }
}
