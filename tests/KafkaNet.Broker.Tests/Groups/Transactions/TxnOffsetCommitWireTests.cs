using KafkaNet.Broker.Tests.Groups.Wire;
using KafkaNet.Broker.Tests.Network;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Groups.Transactions;

/// <summary>TxnOffsetCommit and OffsetFetch require_stable over the wire.</summary>
public sealed class TxnOffsetCommitWireTests
{
    private const long Producer = 8001;

    /// <summary>
    /// These tests are about the group side, with a made-up producer: the check that the group's partition is in a
    /// real transaction is switched off here and tested in TxnOffsetCommitVerificationTests.
    /// </summary>
    private static Task<KafkaNet.Embedded.EmbeddedKafka> StartWithoutVerificationAsync() =>
        KafkaNet.Embedded.EmbeddedKafka.StartAsync(new KafkaNet.Embedded.EmbeddedKafkaOptions
        {
            Configure = o =>
            {
                o.Groups.GroupInitialRebalanceDelayMs = 0;
                o.Groups.OffsetsTopicNumPartitions = 3;
                o.Transactions.TransactionPartitionVerificationEnable = false;
            },
        });

    [Fact]
    public async Task ApiVersions_advertises_TxnOffsetCommit_0_to_5()
    {
        await using var kafka = await StartWithoutVerificationAsync();
        using var session = await WireSession.OpenAsync(kafka.Port);

        var versions = await session.SendAsync<ApiVersionsResponse>(ApiVersionsRequest.ApiKey, 2, new ApiVersionsRequest(), flexible: false);

        var key = Assert.Single(versions.ApiKeys, k => k.ApiKey == TxnOffsetCommitRequest.ApiKey);
        Assert.Equal((0, 5), (key.MinVersion, key.MaxVersion));
    }

    [Fact]
    public async Task Every_version_commits_offsets_that_OffsetFetch_with_require_stable_reports_unstable()
    {
        await using var kafka = await StartWithoutVerificationAsync();
        kafka.CreateTopic(new TopicSpec("in", 6, 1, []));
        using var session = await WireSession.OpenAsync(kafka.Port);
        await GroupWire.FindCoordinatorAsync(session, "copier");

        for (short version = 0; version <= 5; version++)
        {
            var response = await CommitAsync(session, version, Request("copier", ("in", version, 100 + version)));
            Assert.Equal((short)ErrorCode.None, response.Topics.Single().Partitions.Single().ErrorCode);
        }

        var stable = await FetchV7Async(session, "copier", requireStable: true);
        var plain = await FetchV7Async(session, "copier", requireStable: false);
        Assert.Equal(0, stable.ErrorCode);
        Assert.All(stable.Topics.Single().Partitions, p => Assert.Equal(((short)ErrorCode.UnstableOffsetCommit, -1L), (p.ErrorCode, p.CommittedOffset)));
        Assert.All(plain.Topics.Single().Partitions, p => Assert.Equal(((short)ErrorCode.None, -1L), (p.ErrorCode, p.CommittedOffset)));
    }

    [Fact]
    public async Task OffsetFetch_v8_with_require_stable_answers_per_partition_and_leaves_the_group_error_alone()
    {
        await using var kafka = await StartWithoutVerificationAsync();
        kafka.CreateTopic(new TopicSpec("in", 2, 1, []));
        using var session = await WireSession.OpenAsync(kafka.Port);
        await GroupWire.FindCoordinatorAsync(session, "copier");
        await kafka.Broker.Groups.CommitOffsetsAsync("copier", "", null, -1, null, 8, [new("in", Guid.Empty, 1, 7, -1, "", true)]);
        await CommitAsync(session, 3, Request("copier", ("in", 0, 5)));

        var response = await session.SendAsync<OffsetFetchResponse>(OffsetFetchRequest.ApiKey, 8, new OffsetFetchRequest
        {
            Groups = [new OffsetFetchRequest.OffsetFetchRequestGroup { GroupId = "copier", Topics = [new() { Name = "in", PartitionIndexes = [0, 1] }] }],
            RequireStable = true,
        }, flexible: true);

        var group = response.Groups.Single();
        Assert.Equal(0, group.ErrorCode);
        Assert.Equal([(0, (short)ErrorCode.UnstableOffsetCommit, -1L), (1, (short)ErrorCode.None, 7L)],
            group.Topics.Single().Partitions.Select(p => (p.PartitionIndex, p.ErrorCode, p.CommittedOffset)));
    }

    [Fact]
    public async Task Unknown_topics_get_UNKNOWN_TOPIC_OR_PARTITION_and_alone_are_not_checked_against_the_group()
    {
        await using var kafka = await StartWithoutVerificationAsync();
        kafka.CreateTopic(new TopicSpec("in", 1, 1, []));
        using var session = await WireSession.OpenAsync(kafka.Port);
        await GroupWire.FindCoordinatorAsync(session, "nobody");
        long end = GroupWire.OffsetsTopicEnd(kafka);
        // Generation 4 of a group that does not exist: ILLEGAL_GENERATION, for the known partitions only.
        var onlyUnknown = Request("nobody", ("missing", 0, 1), ("in", 3, 1));
        onlyUnknown.GenerationId = 4;
        var mixed = Request("nobody", ("missing", 0, 1), ("in", 0, 1));
        mixed.GenerationId = 4;

        var first = await CommitAsync(session, 3, onlyUnknown);
        var second = await CommitAsync(session, 3, mixed);

        Assert.All(first.Topics.SelectMany(t => t.Partitions), p => Assert.Equal((short)ErrorCode.UnknownTopicOrPartition, p.ErrorCode));
        Assert.Equal([("missing", (short)ErrorCode.UnknownTopicOrPartition), ("in", (short)ErrorCode.IllegalGeneration)],
            second.Topics.Select(t => (t.Name, t.Partitions.Single().ErrorCode)));
        Assert.Equal(end, GroupWire.OffsetsTopicEnd(kafka));
    }

    [Fact]
    public async Task A_member_unknown_to_the_group_or_an_empty_group_id_is_refused()
    {
        await using var kafka = await StartWithoutVerificationAsync();
        kafka.CreateTopic(new TopicSpec("in", 1, 1, []));
        using var session = await WireSession.OpenAsync(kafka.Port);
        await GroupWire.FindCoordinatorAsync(session, "members");
        var join = await GroupWire.JoinAsync(session, 3, GroupWire.Join("members"));
        await GroupWire.SyncAsync(session, 3, "members", join.MemberId, join.GenerationId, (join.MemberId, [1]));
        var stranger = Request("members", ("in", 0, 1));
        (stranger.MemberId, stranger.GenerationId) = ("stranger", join.GenerationId);
        var member = Request("members", ("in", 0, 1));
        (member.MemberId, member.GenerationId) = (join.MemberId, join.GenerationId);

        var refused = await CommitAsync(session, 3, stranger);
        var taken = await CommitAsync(session, 3, member);
        var noGroup = await CommitAsync(session, 3, Request("", ("in", 0, 1)));

        Assert.Equal((short)ErrorCode.UnknownMemberId, refused.Topics.Single().Partitions.Single().ErrorCode);
        Assert.Equal((short)ErrorCode.None, taken.Topics.Single().Partitions.Single().ErrorCode);
        Assert.Equal((short)ErrorCode.InvalidGroupId, noGroup.Topics.Single().Partitions.Single().ErrorCode);
    }

    private static TxnOffsetCommitRequest Request(string group, params (string Topic, int Partition, long Offset)[] offsets) => new()
    {
        TransactionalId = "txn-" + group,
        GroupId = group,
        ProducerId = Producer,
        ProducerEpoch = 0,
        Topics = offsets.GroupBy(o => o.Topic).Select(t => new TxnOffsetCommitRequest.TxnOffsetCommitRequestTopic
        {
            Name = t.Key,
            Partitions = t.Select(o => new TxnOffsetCommitRequest.TxnOffsetCommitRequestPartition
            {
                PartitionIndex = o.Partition,
                CommittedOffset = o.Offset,
                CommittedMetadata = "",
            }).ToList(),
        }).ToList(),
    };

    private static Task<TxnOffsetCommitResponse> CommitAsync(WireSession session, short version, TxnOffsetCommitRequest request) =>
        session.SendAsync<TxnOffsetCommitResponse>(TxnOffsetCommitRequest.ApiKey, version, request, flexible: version >= 3);

    private static Task<OffsetFetchResponse> FetchV7Async(WireSession session, string group, bool requireStable) =>
        session.SendAsync<OffsetFetchResponse>(OffsetFetchRequest.ApiKey, 7, new OffsetFetchRequest
        {
            GroupId = group,
            Topics = [new() { Name = "in", PartitionIndexes = [0, 1, 2, 3, 4, 5] }],
            RequireStable = requireStable,
        }, flexible: true);
}
