using KafkaNet.Broker.Groups.Classic;
using KafkaNet.Broker.Tests.Admin;
using KafkaNet.Broker.Tests.Groups.Consumer;
using KafkaNet.Protocol;
using static KafkaNet.Broker.Tests.Groups.Transactions.TxnOffsets;

namespace KafkaNet.Broker.Tests.Groups.Transactions;

/// <summary>TxnOffsetCommit in the coordinator: validation, the transactional batch, and pending offsets before any marker.</summary>
public sealed class TransactionalOffsetCommitTests
{
    private const long Producer = 4000;

    [Fact]
    public async Task Transactional_offsets_stay_invisible_to_OffsetFetch_while_the_transaction_is_open()
    {
        using var dir = new TempDirectory();
        using var harness = Open(dir, 2);
        await PlainCommitAsync(harness.Coordinator, "copier", Entry("in", 0, 5));

        var errors = await CommitAsync(harness.Coordinator, "copier", Producer, Entry("in", 0, 10), Entry("in", 1, 20));

        Assert.Equal([ErrorCode.None, ErrorCode.None], errors);
        Assert.Equal(5, Committed(harness.Coordinator, "copier", "in", 0));
        Assert.Null(Committed(harness.Coordinator, "copier", "in", 1));
        var all = harness.Coordinator.FetchOffsets("copier", null).Offsets;
        Assert.Equal([("in", 0, 5L)], all.Select(o => (o.Partition.Topic, o.Partition.Partition, o.Offset!.Offset)));
    }

    [Fact]
    public async Task Require_stable_answers_UNSTABLE_OFFSET_COMMIT_only_for_partitions_an_open_transaction_holds()
    {
        using var dir = new TempDirectory();
        using var harness = Open(dir, 2);
        await PlainCommitAsync(harness.Coordinator, "copier", Entry("in", 0, 5), Entry("in", 1, 6));
        await CommitAsync(harness.Coordinator, "copier", Producer, Entry("in", 0, 10));

        var (error, stable) = harness.Coordinator.FetchOffsets("copier", [new("in", 0), new("in", 1)], null, -1, requireStable: true);
        var (_, all) = harness.Coordinator.FetchOffsets("copier", null, null, -1, requireStable: true);

        Assert.Equal(ErrorCode.None, error);
        Assert.Equal([(ErrorCode.UnstableOffsetCommit, null), (ErrorCode.None, 6L)], stable.Select(o => (o.Error, o.Offset?.Offset)));
        Assert.Equal([(0, ErrorCode.UnstableOffsetCommit), (1, ErrorCode.None)], all.OrderBy(o => o.Partition.Partition).Select(o => (o.Partition.Partition, o.Error)));
        Assert.Equal(5, Committed(harness.Coordinator, "copier", "in", 0));
    }

    [Fact]
    public async Task The_offsets_are_written_as_one_transactional_batch_of_the_producer_without_a_sequence()
    {
        using var dir = new TempDirectory();
        using var harness = Open(dir, 3);
        var log = LogOf(harness, "copier");
        long before = log.LogEndOffset;

        var (error, _) = await harness.Coordinator.CommitTransactionalOffsetsAsync("copier", Producer, 7, "", null, -1,
            [Entry("in", 0, 1), Entry("in", 1, 2), Entry("in", 2, 3)]);

        Assert.Equal(ErrorCode.None, error);
        var batch = Assert.Single(Batches(log), b => b.BaseOffset >= before);
        Assert.Equal((Producer, (short)7, -1, 3), (batch.ProducerId, batch.ProducerEpoch, batch.BaseSequence, batch.RecordCount));
        Assert.True(batch.IsTransactional);
        Assert.False(batch.IsControl);
    }

    [Fact]
    public async Task A_group_that_does_not_exist_is_created_for_generation_minus_one_and_refused_with_ILLEGAL_GENERATION_otherwise()
    {
        using var dir = new TempDirectory();
        using var harness = Open(dir, 1);
        long end = harness.OffsetsTopicEnd();

        var refused = await harness.Coordinator.CommitTransactionalOffsetsAsync("new-group", Producer, 0, "m", null, 3, [Entry("in", 0, 1)]);
        Assert.Equal(ErrorCode.IllegalGeneration, refused.GroupError);
        Assert.Equal(end, harness.OffsetsTopicEnd());

        await CommitAsync(harness.Coordinator, "new-group", Producer, Entry("in", 0, 1));
        var described = harness.Coordinator.DescribeGroup("new-group");
        Assert.Equal((ErrorCode.None, "Empty", 0), (described.Error, described.State, described.Members.Count));
    }

    [Fact]
    public async Task Classic_members_are_checked_by_member_id_generation_and_group_instance_id()
    {
        using var dir = new TempDirectory();
        using var harness = Open(dir, 1);
        var join = await harness.Coordinator.JoinGroupAsync(Join("classic", "static-1"), CancellationToken.None);
        await harness.Coordinator.SyncGroupAsync("classic", join.MemberId, "static-1", join.GenerationId, null, null, [], CancellationToken.None);
        var coordinator = harness.Coordinator;
        async Task<ErrorCode> Commit(string memberId, string? instanceId, int generation) =>
            (await coordinator.CommitTransactionalOffsetsAsync("classic", Producer, 0, memberId, instanceId, generation, [Entry("in", 0, 1)])).GroupError;

        Assert.Equal(ErrorCode.UnknownMemberId, await Commit("stranger", null, join.GenerationId));
        Assert.Equal(ErrorCode.IllegalGeneration, await Commit(join.MemberId, "static-1", join.GenerationId + 1));
        Assert.Equal(ErrorCode.FencedInstanceId, await Commit("old-incarnation", "static-1", join.GenerationId));
        Assert.Equal(ErrorCode.UnknownMemberId, await Commit(join.MemberId, "static-2", join.GenerationId));
        Assert.Equal(ErrorCode.None, await Commit(join.MemberId, "static-1", join.GenerationId));
        // Versions 0-2 carry no member: Kafka takes them whatever the group.
        Assert.Equal(ErrorCode.None, await Commit("", null, -1));
    }

    [Fact]
    public async Task Transactional_commits_are_taken_while_a_classic_group_completes_its_rebalance()
    {
        using var dir = new TempDirectory();
        using var harness = Open(dir, 1);
        var join = await harness.Coordinator.JoinGroupAsync(Join("rebalancing", null), CancellationToken.None);
        Assert.Equal("CompletingRebalance", harness.Coordinator.DescribeGroup("rebalancing").State);

        var plain = await harness.Coordinator.CommitOffsetsAsync("rebalancing", join.MemberId, null, join.GenerationId, null, 8, [Entry("in", 0, 1)]);
        var transactional = await harness.Coordinator.CommitTransactionalOffsetsAsync("rebalancing", Producer, 0, join.MemberId, null, join.GenerationId, [Entry("in", 0, 1)]);

        Assert.Equal(ErrorCode.RebalanceInProgress, plain.GroupError);
        Assert.Equal(ErrorCode.None, transactional.GroupError);
    }

    [Fact]
    public async Task A_KIP848_member_commits_with_its_epoch_and_a_stale_epoch_gets_ILLEGAL_GENERATION()
    {
        await using var driver = await ConsumerGroupDriver.StartAsync();
        driver.CreateTopic("in", 1);
        await driver.SendAsync(ConsumerGroupDriver.Join("modern", "a", "in"));
        int epoch = driver.Epochs["a"];
        var groups = driver.Kafka.Broker.Groups;
        async Task<ErrorCode> Commit(string memberId, int memberEpoch) =>
            (await groups.CommitTransactionalOffsetsAsync("modern", Producer, 0, memberId, null, memberEpoch, [Entry("in", 0, 1)])).GroupError;

        Assert.Equal(ErrorCode.IllegalGeneration, await Commit("a", epoch - 1));
        Assert.Equal(ErrorCode.IllegalGeneration, await Commit("a", epoch + 1));
        Assert.Equal(ErrorCode.UnknownMemberId, await Commit("stranger", epoch));
        Assert.Equal(ErrorCode.UnknownMemberId, await Commit("", -1));
        Assert.Equal(ErrorCode.None, await Commit("a", epoch));
    }

    [Fact]
    public async Task Metadata_over_the_limit_gets_OFFSET_METADATA_TOO_LARGE_and_the_other_partitions_are_pending()
    {
        using var dir = new TempDirectory();
        using var harness = Open(dir, 2, configure: o => o.OffsetMetadataMaxBytes = 4);

        var errors = await CommitAsync(harness.Coordinator, "copier", Producer, Entry("in", 0, 1, "too long"), Entry("in", 1, 2, "ok"));

        Assert.Equal([ErrorCode.OffsetMetadataTooLarge, ErrorCode.None], errors);
        Assert.Equal(ErrorCode.None, Stable(harness.Coordinator, "copier", "in", 0).Error);
        Assert.Equal(ErrorCode.UnstableOffsetCommit, Stable(harness.Coordinator, "copier", "in", 1).Error);
    }

    [Fact]
    public async Task The_marker_of_a_partition_this_broker_does_not_have_gets_NOT_COORDINATOR()
    {
        using var dir = new TempDirectory();
        using var harness = CoordinatorHarness.Open(dir.Path);
        Assert.Equal(ErrorCode.NotCoordinator, await harness.Coordinator.CompleteTransactionAsync(0, Producer, 0, 0, commit: true));

        harness.FindCoordinator("copier");
        Assert.Equal(ErrorCode.NotCoordinator, await harness.Coordinator.CompleteTransactionAsync(2, Producer, 0, 0, commit: true));
        Assert.Equal(ErrorCode.NotCoordinator, await harness.Coordinator.CompleteTransactionAsync(-1, Producer, 0, 0, commit: false));
    }

    private static ClassicJoinRequest Join(string group, string? instanceId) =>
        new(group, "", instanceId, "consumer", [("range", [1])], 10000, 10000, "client", "/127.0.0.1", 3);
}
