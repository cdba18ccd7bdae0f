using KafkaNet.Broker.Shares;
using KafkaNet.Protocol.Messages;
using static KafkaNet.Broker.Tests.Shares.ShareStateFixtures;

namespace KafkaNet.Broker.Tests.Shares;

public sealed class ShareCoordinatorStateReplayTests
{
    private static ShareStateRecord Snapshot(int stateEpoch, int leaderEpoch, long start, params (long First, long Last, sbyte State, short Count)[] batches)
    {
        var value = new ShareSnapshotValue { SnapshotEpoch = 0, StateEpoch = stateEpoch, LeaderEpoch = leaderEpoch, StartOffset = start };
        foreach (var (first, last, state, count) in batches)
            value.StateBatches.Add(new ShareSnapshotValue.StateBatch { FirstOffset = first, LastOffset = last, DeliveryState = state, DeliveryCount = count });
        return ShareStateRecord.ForSnapshot(Key, value);
    }

    private static ShareStateRecord Update(int leaderEpoch, long start, params (long First, long Last, sbyte State, short Count)[] batches)
    {
        var value = new ShareUpdateValue { SnapshotEpoch = 0, LeaderEpoch = leaderEpoch, StartOffset = start };
        foreach (var (first, last, state, count) in batches)
            value.StateBatches.Add(new ShareUpdateValue.StateBatch { FirstOffset = first, LastOffset = last, DeliveryState = state, DeliveryCount = count });
        return ShareStateRecord.ForUpdate(Key, value);
    }

    [Fact]
    public void A_snapshot_sets_the_whole_state_and_a_later_snapshot_replaces_it()
    {
        var state = new ShareCoordinatorState();
        state.Replay(Snapshot(1, 0, 10, (10, 14, 2, 1), (15, 15, 4, 5)));
        Assert.Equal(new PersistedShareState(0, 1, 0, 10, [B(10, 14, RecordDeliveryState.Acknowledged, 1), B(15, 15, RecordDeliveryState.Archived, 5)]), state.Get(Key));

        state.Replay(Snapshot(2, 3, 20, (22, 22, 0, 2)));

        Assert.Equal(new PersistedShareState(0, 2, 3, 20, [B(22, 22, RecordDeliveryState.Available, 2)]), state.Get(Key));
    }

    [Fact]
    public void An_update_merges_its_batches_advances_the_start_and_keeps_the_state_epoch()
    {
        var state = new ShareCoordinatorState();
        state.Replay(Snapshot(4, 1, 0, (0, 9, 0, 1), (10, 19, 2, 1)));

        state.Replay(Update(2, 5, (8, 12, 4, 3)));

        Assert.Equal(new PersistedShareState(0, 4, 2, 5, [
            B(5, 7, RecordDeliveryState.Available, 1), B(8, 12, RecordDeliveryState.Archived, 3), B(13, 19, RecordDeliveryState.Acknowledged, 1)]), state.Get(Key));
        Assert.Equal(1, state.UpdatesSinceSnapshot(Key));
    }

    [Fact]
    public void An_update_with_start_offset_and_leader_epoch_of_minus_one_keeps_the_stored_ones()
    {
        var state = new ShareCoordinatorState();
        state.Replay(Snapshot(1, 6, 30, (30, 31, 0, 1)));

        state.Replay(Update(-1, -1, (31, 31, 2, 1)));

        Assert.Equal(new PersistedShareState(0, 1, 6, 30, [B(30, 30, RecordDeliveryState.Available, 1), B(31, 31, RecordDeliveryState.Acknowledged, 1)]), state.Get(Key));
    }

    [Fact]
    public void A_tombstone_of_either_type_deletes_the_state_and_other_partitions_stay()
    {
        var other = Key with { Partition = 1 };
        var state = new ShareCoordinatorState();
        state.Replay(Snapshot(1, 0, 0));
        state.Replay(ShareStateRecord.ForSnapshot(other, new ShareSnapshotValue { StateEpoch = 1, StartOffset = 7 }));

        state.Replay(ShareStateRecord.Tombstone(ShareStateRecordType.ShareSnapshot, Key));
        Assert.Null(state.Get(Key));
        Assert.Equal(7, state.Get(other)!.StartOffset);

        state.Replay(ShareStateRecord.Tombstone(ShareStateRecordType.ShareUpdate, other));
        Assert.Empty(state.Partitions);
    }

    [Fact]
    public void A_snapshot_resets_the_count_of_updates_since_the_last_snapshot()
    {
        var state = new ShareCoordinatorState();
        state.Replay(Snapshot(1, 0, 0));
        state.Replay(Update(0, 1));
        state.Replay(Update(0, 2));
        Assert.Equal(2, state.UpdatesSinceSnapshot(Key));

        state.Replay(Snapshot(1, 0, 2));

        Assert.Equal(0, state.UpdatesSinceSnapshot(Key));
    }

    [Fact]
    public void Records_decode_to_what_was_encoded_and_replay_the_same()
    {
        var records = new[] { Snapshot(3, 1, 100, (100, 104, 2, 1)), Update(2, 102, (105, 105, 4, 5)), ShareStateRecord.Tombstone(ShareStateRecordType.ShareUpdate, Key) };
        var direct = new ShareCoordinatorState();
        var decoded = new ShareCoordinatorState();
        foreach (var record in records)
        {
            var copy = ThroughBytes(record);
            Assert.Equal((record.Type, record.Key, record.IsTombstone), (copy.Type, copy.Key, copy.IsTombstone));
            direct.Replay(record);
            decoded.Replay(copy);
            Assert.Equal(direct.Get(Key), decoded.Get(Key));
        }
    }

    [Fact]
    public void Bytes_that_are_not_a_share_state_record_are_refused_without_throwing()
    {
        var key = ShareStateRecordSerde.SerializeKey(Snapshot(1, 0, 0));
        var value = ShareStateRecordSerde.SerializeValue(Snapshot(1, 0, 0))!;

        Assert.False(ShareStateRecordSerde.TryDeserialize([0], value, false, out _, out string? tooShort));
        Assert.Equal("a key or value too short to hold its type or version", tooShort);
        Assert.False(ShareStateRecordSerde.TryDeserialize([0, 9, .. key[2..]], value, false, out _, out string? unknownType));
        Assert.Equal("unknown record type 9", unknownType);
        Assert.False(ShareStateRecordSerde.TryDeserialize(key, [0, 1, .. value[2..]], false, out _, out string? badVersion));
        Assert.Equal("ShareSnapshot value version 1 is not 0", badVersion);
        Assert.False(ShareStateRecordSerde.TryDeserialize(key, value[..^3], false, out _, out string? truncated));
        Assert.NotNull(truncated);
    }
}
