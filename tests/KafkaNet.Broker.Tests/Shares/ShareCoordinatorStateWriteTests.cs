using KafkaNet.Broker.Shares;
using KafkaNet.Protocol;
using static KafkaNet.Broker.Tests.Shares.ShareStateFixtures;

namespace KafkaNet.Broker.Tests.Shares;

public sealed class ShareCoordinatorStateWriteTests
{
    private const RecordDeliveryState Avail = RecordDeliveryState.Available;
    private const RecordDeliveryState Acked = RecordDeliveryState.Acknowledged;

    [Fact]
    public void The_first_write_is_a_snapshot_and_the_next_ones_are_updates_of_just_their_batches()
    {
        var state = new ShareCoordinatorState();

        var first = state.Write(Key, 1, 0, 0, [B(0, 4, Avail, 1)]);
        var second = state.Write(Key, 1, 0, 2, [B(3, 3, Acked, 1)]);

        Assert.Equal(ErrorCode.None, first.Error);
        var snapshot = Assert.Single(first.Records);
        Assert.Equal(ShareStateRecordType.ShareSnapshot, snapshot.Type);
        var update = Assert.Single(second.Records);
        Assert.Equal(ShareStateRecordType.ShareUpdate, update.Type);
        Assert.Equal((3, 3, (sbyte)2, (short)1), update.Update!.StateBatches.Select(b => (b.FirstOffset, b.LastOffset, b.DeliveryState, b.DeliveryCount)).Single());
        Assert.Equal(new PersistedShareState(0, 1, 0, 2, [B(2, 2, Avail, 1), B(3, 3, Acked, 1), B(4, 4, Avail, 1)]), state.Get(Key));
    }

    [Fact]
    public void Every_n_updates_the_next_write_is_a_full_snapshot_with_the_next_snapshot_epoch()
    {
        var state = new ShareCoordinatorState(updateRecordsPerSnapshot: 3);
        var types = new List<ShareStateRecordType>();
        for (int i = 0; i < 9; i++)
            types.Add(state.Write(Key, 1, 0, i, [B(i, i, Acked, 1)]).Records.Single().Type);

        var s = ShareStateRecordType.ShareSnapshot;
        var u = ShareStateRecordType.ShareUpdate;
        Assert.Equal([s, u, u, u, s, u, u, u, s], types);
        Assert.Equal(new PersistedShareState(2, 1, 0, 8, [B(8, 8, Acked, 1)]), state.Get(Key));
    }

    [Fact]
    public void The_default_is_a_snapshot_after_500_updates()
    {
        Assert.Equal(500, ShareCoordinatorState.DefaultUpdateRecordsPerSnapshot);
        var state = new ShareCoordinatorState();
        state.Write(Key, 1, 0, 0, []);
        for (int i = 0; i < 500; i++)
            Assert.Equal(ShareStateRecordType.ShareUpdate, state.Write(Key, 1, 0, 0, []).Records.Single().Type);

        Assert.Equal(ShareStateRecordType.ShareSnapshot, state.Write(Key, 1, 0, 0, []).Records.Single().Type);
    }

    [Fact]
    public void A_new_state_epoch_writes_a_snapshot_of_the_merged_state()
    {
        var state = new ShareCoordinatorState();
        state.Write(Key, 1, 0, 0, [B(0, 4, Avail, 1)]);

        var record = state.Write(Key, 2, 0, 1, [B(4, 6, Acked, 1)]).Records.Single();

        Assert.Equal(ShareStateRecordType.ShareSnapshot, record.Type);
        Assert.Equal((1, 2, 1L), ((int)record.Snapshot!.SnapshotEpoch, record.Snapshot.StateEpoch, record.Snapshot.StartOffset));
        Assert.Equal(new PersistedShareState(1, 2, 0, 1, [B(1, 3, Avail, 1), B(4, 6, Acked, 1)]), state.Get(Key));
    }

    [Fact]
    public void Older_state_or_leader_epochs_are_fenced_and_change_nothing()
    {
        var state = new ShareCoordinatorState();
        state.Write(Key, 5, 3, 0, [B(0, 0, Acked, 1)]);
        var before = state.Get(Key);

        var staleState = state.Write(Key, 4, 3, 9, []);
        var staleLeader = state.Write(Key, 5, 2, 9, []);

        Assert.Equal((ErrorCode.FencedStateEpoch, 0), (staleState.Error, staleState.Records.Count));
        Assert.Equal((ErrorCode.FencedLeaderEpoch, 0), (staleLeader.Error, staleLeader.Records.Count));
        Assert.Equal(before, state.Get(Key));
    }

    [Fact]
    public void A_missing_topic_id_or_negative_partition_is_an_invalid_request_and_an_unknown_partition_is_refused()
    {
        var state = new ShareCoordinatorState(partitionExists: (topic, partition) => topic == Topic && partition < 3);

        Assert.Equal(ErrorCode.InvalidRequest, state.Write(Key with { TopicId = Guid.Empty }, 1, 0, 0, []).Error);
        Assert.Equal(ErrorCode.InvalidRequest, state.Write(Key with { Partition = -1 }, 1, 0, 0, []).Error);
        Assert.Equal(ErrorCode.UnknownTopicOrPartition, state.Write(Key with { Partition = 3 }, 1, 0, 0, []).Error);
        Assert.Equal(ErrorCode.UnknownTopicOrPartition, state.Read(Key with { TopicId = Guid.NewGuid() }, 0).Error);
        Assert.Equal(ErrorCode.UnknownTopicOrPartition, state.ReadSummary(Key with { Partition = 7 }).Error);
        Assert.Empty(state.Partitions);
    }

    [Fact]
    public void Read_gives_the_merged_state_and_records_a_higher_leader_epoch_with_an_update()
    {
        var state = new ShareCoordinatorState();
        state.Write(Key, 2, 1, 10, [B(10, 12, Acked, 1)]);
        state.Write(Key, 2, 1, 11, [B(13, 13, Avail, 2)]);

        var sameLeader = state.Read(Key, 1);
        var newLeader = state.Read(Key, 4);
        var oldLeader = state.Read(Key, 3);

        Assert.Equal(ErrorCode.None, sameLeader.Error);
        Assert.Equal(2, sameLeader.State!.StateEpoch);
        Assert.Equal(11, sameLeader.State.StartOffset);
        Assert.Equal([B(11, 12, Acked, 1), B(13, 13, Avail, 2)], sameLeader.State.StateBatches);
        Assert.Empty(sameLeader.Records);
        var leaderUpdate = Assert.Single(newLeader.Records);
        Assert.Equal((4, -1L, 0), (leaderUpdate.Update!.LeaderEpoch, leaderUpdate.Update.StartOffset, leaderUpdate.Update.StateBatches.Count));
        Assert.Equal(ErrorCode.FencedLeaderEpoch, oldLeader.Error);
        Assert.Equal(new ShareStateSummary(ErrorCode.None, 2, 11, 4, DeliveryCompleteCount: 2), state.ReadSummary(Key));
    }

    [Fact]
    public void A_partition_without_state_reads_as_uninitialized()
    {
        var state = new ShareCoordinatorState();

        var read = state.Read(Key, 0);

        Assert.Equal((ErrorCode.None, 0, -1L), (read.Error, read.State!.StateEpoch, read.State.StartOffset));
        Assert.Empty(read.State.StateBatches);
        Assert.Equal(new ShareStateSummary(ErrorCode.None, 0, -1, -1), state.ReadSummary(Key));
    }

    [Fact]
    public void Initialize_writes_an_empty_snapshot_keeps_state_at_the_same_epoch_and_fences_an_older_one()
    {
        var state = new ShareCoordinatorState();
        Assert.Equal(ShareStateRecordType.ShareSnapshot, state.Initialize(Key, 1, 50).Records.Single().Type);
        state.Write(Key, 1, 2, 50, [B(50, 51, Acked, 1)]);

        var same = state.Initialize(Key, 1, 0);
        var older = state.Initialize(Key, 0, 0);
        Assert.Equal((ErrorCode.None, 0), (same.Error, same.Records.Count));
        Assert.Equal(ErrorCode.FencedStateEpoch, older.Error);
        Assert.Equal(50, state.Get(Key)!.StartOffset);

        var reset = state.Initialize(Key, 2, 80);

        Assert.Equal(ErrorCode.None, reset.Error);
        Assert.Equal(new PersistedShareState(1, 2, 2, 80, []), state.Get(Key));
    }

    [Fact]
    public void Delete_writes_tombstones_for_both_keys_and_nothing_when_there_is_no_state()
    {
        var state = new ShareCoordinatorState();
        state.Write(Key, 1, 0, 0, []);

        var deleted = state.Delete(Key);
        var again = state.Delete(Key);

        Assert.Equal([ShareStateRecordType.ShareSnapshot, ShareStateRecordType.ShareUpdate], deleted.Records.Select(r => r.Type));
        Assert.All(deleted.Records, r => Assert.True(r.IsTombstone));
        Assert.Null(state.Get(Key));
        Assert.Equal((ErrorCode.None, 0), (again.Error, again.Records.Count));
    }
}
