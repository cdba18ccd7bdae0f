using KafkaNet.Broker.Shares;
using KafkaNet.Protocol;
using static KafkaNet.Broker.Tests.Shares.ShareStateFixtures;
using static KafkaNet.Broker.Tests.Shares.ShareStateText;

namespace KafkaNet.Broker.Tests.Shares;

public sealed class ShareCoordinatorStateRoundTripTests
{
    private static readonly RecordDeliveryState[] States =
        [RecordDeliveryState.Available, RecordDeliveryState.Acquired, RecordDeliveryState.Acknowledged, RecordDeliveryState.Archived];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Records_of_random_calls_encoded_decoded_and_replayed_rebuild_the_same_state(int seed)
    {
        var random = new Random(seed);
        var keys = new[] { Key, Key with { Partition = 1 }, Key with { GroupId = "other" } };
        var state = new ShareCoordinatorState(updateRecordsPerSnapshot: 4);
        var replayed = new ShareCoordinatorState(updateRecordsPerSnapshot: 4);
        var model = keys.ToDictionary(k => k, _ => new OffsetModel());
        int records = 0;

        for (int step = 0; step < 400; step++)
        {
            var key = keys[random.Next(keys.Length)];
            var result = RandomCall(random, state, key, model[key]);
            foreach (var record in result)
            {
                replayed.Replay(ThroughBytes(record));
                records++;
            }
            Assert.Equal(state.Get(key), replayed.Get(key));
            Assert.Equal(model[key].Render(), Render(state.Get(key)));
        }

        Assert.True(records > 200, $"only {records} records");
        Assert.Equal(state.Partitions.ToHashSet(), replayed.Partitions.ToHashSet());
        foreach (var key in keys) Assert.Equal(state.Get(key), replayed.Get(key));
    }

    [Fact]
    public void A_share_partition_snapshot_written_and_read_back_loads_the_same_partition()
    {
        var partition = new SharePartition(100, stateEpoch: 3);
        partition.Acquire("m1", Range(100, 119), 100, 0);
        partition.Acknowledge("m1", [Ack(100, 103, AcknowledgeType.Accept), Ack(105, 105, AcknowledgeType.Reject), Ack(106, 108, AcknowledgeType.Release)], 0);
        var state = new ShareCoordinatorState();

        var first = partition.ToSnapshot();
        Assert.Equal(ErrorCode.None, state.Write(Key, first.StateEpoch, 0, first.StartOffset, first.StateBatches).Error);
        var read = state.Read(Key, 0).State!;
        Assert.Equal((first.StateEpoch, first.StartOffset), (read.StateEpoch, read.StartOffset));
        Assert.Equal(first.StateBatches, read.StateBatches);
        Assert.Equal(Of(new SharePartition(first)), Of(new SharePartition(read)));

        partition.Acknowledge("m1", [Ack(104, 104, AcknowledgeType.Accept), Ack(109, 112, AcknowledgeType.Accept)], 0);
        partition.Acquire("m2", Range(106, 108), 100, 0);
        partition.Acknowledge("m2", [Ack(106, 108, AcknowledgeType.Accept)], 0);
        var second = partition.ToSnapshot();
        Assert.Equal(ShareStateRecordType.ShareUpdate, state.Write(Key, second.StateEpoch, 0, second.StartOffset, second.StateBatches).Records.Single().Type);

        var reread = state.Read(Key, 0).State!;
        Assert.Equal(second.StartOffset, reread.StartOffset);
        Assert.Equal(second.StateBatches, reread.StateBatches);
        Assert.Equal("[113,120) a1 a1 a1 a1 a1 a1 a1", Of(new SharePartition(reread)));
    }

    private static IReadOnlyList<ShareStateRecord> RandomCall(Random random, ShareCoordinatorState state, SharePartitionKey key, OffsetModel model)
    {
        var current = state.Get(key);
        int stateEpoch = current?.StateEpoch ?? 0;
        int leaderEpoch = Math.Max(current?.LeaderEpoch ?? 0, 0);
        long start = current?.StartOffset ?? 0;
        int roll = random.Next(100);
        if (roll < 3) return Expect(ErrorCode.None, state.Delete(key), model.Clear);
        if (roll < 7)
        {
            int epoch = stateEpoch + random.Next(-1, 2);
            long offset = random.Next(0, 50);
            var answer = state.Initialize(key, epoch, offset);
            if (current is not null && epoch < stateEpoch) return Expect(ErrorCode.FencedStateEpoch, answer, () => { });
            return Expect(ErrorCode.None, answer, () => { if (current is null || epoch > stateEpoch) model.Reset(offset); });
        }
        if (roll < 12)
        {
            int readEpoch = leaderEpoch + random.Next(-1, 2);
            var read = state.Read(key, readEpoch);
            // -1 reads without a leader epoch check.
            Assert.Equal(current is not null && readEpoch != -1 && readEpoch < current.LeaderEpoch ? ErrorCode.FencedLeaderEpoch : ErrorCode.None, read.Error);
            return read.Records;
        }
        bool stale = current is not null && stateEpoch > 0 && roll < 15;
        int writeEpoch = stale ? stateEpoch - 1 : stateEpoch + (roll < 20 ? 1 : 0);
        long newStart = random.Next(4) == 0 ? -1 : start + random.Next(0, 6);
        var batches = RandomBatches(random, newStart == -1 ? start : newStart);
        var written = state.Write(key, writeEpoch, leaderEpoch + random.Next(0, 2), newStart, batches);
        if (stale) return Expect(ErrorCode.FencedStateEpoch, written, () => { });
        return Expect(ErrorCode.None, written, () => model.Apply(current is null && newStart == -1 ? -1 : newStart == -1 ? start : newStart, batches));
    }

    private static IReadOnlyList<ShareStateRecord> Expect(ErrorCode expected, ShareStateWriteResult result, Action onSuccess)
    {
        Assert.Equal(expected, result.Error);
        if (expected == ErrorCode.None) onSuccess();
        return result.Records;
    }

    private static List<ShareStateBatch> RandomBatches(Random random, long from)
    {
        var batches = new List<ShareStateBatch>();
        int count = random.Next(0, 5);
        for (int i = 0; i < count; i++)
        {
            long first = Math.Max(from, 0) + random.Next(0, 40);
            batches.Add(new ShareStateBatch(first, first + random.Next(0, 8), States[random.Next(States.Length)], (short)random.Next(0, 6)));
        }
        return batches;
    }

    private static string Render(PersistedShareState? state)
    {
        if (state is null) return "none";
        var offsets = new SortedDictionary<long, (RecordDeliveryState, short)>();
        foreach (var batch in state.StateBatches)
            for (long offset = batch.FirstOffset; offset <= batch.LastOffset; offset++) offsets[offset] = (batch.DeliveryState, batch.DeliveryCount);
        return OffsetModel.Render(state.StartOffset, offsets);
    }

    /// <summary>One share-partition's state kept offset by offset: the plain meaning of "later batches win".</summary>
    private sealed class OffsetModel
    {
        private bool _exists;
        private long _start;
        private readonly SortedDictionary<long, (RecordDeliveryState, short)> _offsets = new();

        public void Clear()
        {
            _exists = false;
            _offsets.Clear();
        }

        public void Reset(long start)
        {
            Clear();
            _exists = true;
            _start = start;
        }

        public void Apply(long start, IEnumerable<ShareStateBatch> batches)
        {
            _exists = true;
            _start = start;
            foreach (var batch in batches)
                for (long offset = batch.FirstOffset; offset <= batch.LastOffset; offset++) _offsets[offset] = (batch.DeliveryState, batch.DeliveryCount);
            foreach (var below in _offsets.Keys.Where(o => o < start).ToList()) _offsets.Remove(below);
        }

        public string Render() => _exists ? Render(_start, _offsets) : "none";

        public static string Render(long start, SortedDictionary<long, (RecordDeliveryState State, short Count)> offsets) =>
            $"{start}:" + string.Join(' ', offsets.Select(o => $"{o.Key}={(byte)o.Value.State}/{o.Value.Count}"));
    }
}
