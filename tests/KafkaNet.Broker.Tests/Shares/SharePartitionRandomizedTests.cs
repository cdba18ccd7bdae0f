using KafkaNet.Broker.Shares;
using KafkaNet.Protocol;
using static KafkaNet.Broker.Tests.Shares.ShareStateText;

namespace KafkaNet.Broker.Tests.Shares;

/// <summary>
/// Many members acquiring, acknowledging, releasing and timing out against one partition, driven by a fixed
/// seed, with the partition's invariants checked after every step.
/// </summary>
public sealed class SharePartitionRandomizedTests
{
    private const int Steps = 4000;
    private const int DeliveryLimit = 3;
    private static readonly string[] Members = ["m0", "m1", "m2", "m3", "m4"];

    [Theory]
    [InlineData(false, 20261205)]
    [InlineData(true, 20261205)]
    [InlineData(true, 7)]
    public void Invariants_hold_through_a_seeded_random_run(bool keyOrdered, int seed)
    {
        var random = new Random(seed);
        var config = new SharePartitionConfig
        {
            DeliveryCountLimit = DeliveryLimit, RecordLockDurationMs = 50, MaxRecordLocks = 40, KeyOrdered = keyOrdered,
        };
        var archivedCount = 0L;
        void OnArchived(IReadOnlyList<ArchivedRecords> events)
        {
            foreach (var e in events)
            {
                Assert.InRange(e.DeliveryCount, 1, DeliveryLimit);
                archivedCount += e.LastOffset - e.FirstOffset + 1;
            }
        }
        var partition = new SharePartition(0, config, OnArchived);
        var now = 0L;
        var lastStart = 0L;
        var acquiredTotal = 0;

        for (var step = 0; step < Steps; step++)
        {
            now += random.Next(0, 6);
            var member = Members[random.Next(Members.Length)];
            switch (random.Next(10))
            {
                case < 4:
                    var start = partition.NextFetchOffset;
                    var fetched = KeyedByOffset(start, start + random.Next(0, 15));
                    var before = partition.EndOffset;
                    var acquired = partition.Acquire(member, fetched, random.Next(1, 12), now);
                    CheckAcquired(partition, member, acquired, keyOrdered);
                    foreach (var run in acquired) acquiredTotal += (int)(run.LastOffset - run.FirstOffset + 1);
                    Assert.True(partition.EndOffset - partition.StartOffset <= config.MaxRecordLocks || partition.EndOffset == before);
                    break;
                case < 7:
                    AcknowledgeSomethingHeld(partition, member, random, now);
                    break;
                case 7:
                    AcknowledgeAnything(partition, member, random, now);
                    break;
                case 8:
                    if (random.Next(2) == 0) partition.ExpireLocks(now);
                    else partition.ReleaseMember(member);
                    break;
                default:
                    if (random.Next(8) == 0) partition = new SharePartition(partition.ToSnapshot(), config, OnArchived);
                    break;
            }

            CheckInvariants(partition, keyOrdered);
            Assert.True(partition.StartOffset >= lastStart, $"start offset went back at step {step}");
            lastStart = partition.StartOffset;
        }

        // The run must have exercised the machine, not idled.
        Assert.True(lastStart > 200, $"start offset only reached {lastStart}");
        Assert.True(acquiredTotal > 500 && archivedCount > 10, $"acquired {acquiredTotal}, archived {archivedCount}");
    }

    /// <summary>Offsets 0..: key = offset mod 6, except every fifth record has no key.</summary>
    private static FetchedRecords KeyedByOffset(long first, long last)
    {
        var keys = new byte[]?[last - first + 1];
        for (var offset = first; offset <= last; offset++) keys[offset - first] = KeyOf(offset);
        return new FetchedRecords(first, last, keys);
    }

    private static byte[]? KeyOf(long offset) => offset % 5 == 4 ? null : [(byte)(offset % 6)];

    private static void AcknowledgeSomethingHeld(SharePartition partition, string member, Random random, long now)
    {
        var held = new List<long>();
        for (var offset = partition.StartOffset; offset < partition.EndOffset; offset++)
        {
            if (partition.TryGetRecord(offset, out var r) && r.State == RecordDeliveryState.Acquired && r.Owner == member && r.LockExpiryMs > now)
                held.Add(offset);
        }
        if (held.Count == 0) return;
        var first = held[random.Next(held.Count)];
        var last = first;
        while (held.Contains(last + 1) && random.Next(3) != 0) last++;
        var type = (AcknowledgeType)random.Next(1, 5);
        Assert.Equal(ErrorCode.None, partition.Acknowledge(member, [Ack(first, last, type)], now));
    }

    private static void AcknowledgeAnything(SharePartition partition, string member, Random random, long now)
    {
        // Expire first so that a refused request can be checked for "no change" on its own.
        partition.ExpireLocks(now);
        var before = Of(partition);
        var first = partition.StartOffset - 3 + random.Next(0, (int)(partition.EndOffset - partition.StartOffset) + 6);
        var last = first + random.Next(-1, 4);
        var allHeld = first <= last;
        for (var offset = first; offset <= last && allHeld; offset++)
            allHeld = partition.TryGetRecord(offset, out var r) && r.State == RecordDeliveryState.Acquired && r.Owner == member;
        var type = (AcknowledgeType)random.Next(0, 6);

        var error = partition.Acknowledge(member, [Ack(first, last, type)], now);

        var valid = allHeld && type <= AcknowledgeType.Renew;
        Assert.Equal(valid, error == ErrorCode.None);
        if (!valid) Assert.Equal(before, Of(partition));
    }

    private static void CheckAcquired(SharePartition partition, string member, IReadOnlyList<AcquiredRecords> acquired, bool keyOrdered)
    {
        var previousLast = long.MinValue;
        foreach (var run in acquired)
        {
            Assert.True(run.FirstOffset > previousLast && run.FirstOffset <= run.LastOffset);
            previousLast = run.LastOffset;
            for (var offset = run.FirstOffset; offset <= run.LastOffset; offset++)
            {
                Assert.True(partition.TryGetRecord(offset, out var record));
                Assert.Equal((RecordDeliveryState.Acquired, member, run.DeliveryCount), (record.State, record.Owner, record.DeliveryCount));
                if (!keyOrdered || KeyOf(offset) is not { } key) continue;
                // Nothing earlier of the same key may still be waiting or held, unless it went out in this same
                // acquisition: anything else would be delivery out of order.
                for (var earlier = partition.StartOffset; earlier < offset; earlier++)
                {
                    if (KeyOf(earlier) is not { } other || other[0] != key[0] || InRuns(acquired, earlier)) continue;
                    Assert.True(partition.TryGetRecord(earlier, out var e));
                    Assert.True(e.State is RecordDeliveryState.Acknowledged or RecordDeliveryState.Archived, $"{offset} went out before {earlier}");
                }
            }
        }
    }

    private static bool InRuns(IReadOnlyList<AcquiredRecords> runs, long offset)
    {
        foreach (var run in runs)
        {
            if (offset >= run.FirstOffset && offset <= run.LastOffset) return true;
        }
        return false;
    }

    private static void CheckInvariants(SharePartition partition, bool keyOrdered)
    {
        var holders = new Dictionary<byte, string>();
        for (var offset = partition.StartOffset; offset < partition.EndOffset; offset++)
        {
            Assert.True(partition.TryGetRecord(offset, out var record));
            Assert.InRange(record.DeliveryCount, (short)0, (short)DeliveryLimit);
            if (offset == partition.StartOffset)
                Assert.True(record.State is RecordDeliveryState.Available or RecordDeliveryState.Acquired, "a completed record was left at the start");
            if (record.State == RecordDeliveryState.Acquired)
            {
                Assert.NotNull(record.Owner);
                Assert.True(record.LockExpiryMs > 0 && record.DeliveryCount >= 1);
                if (keyOrdered && KeyOf(offset) is { } key)
                {
                    if (holders.TryGetValue(key[0], out var holder)) Assert.Equal(holder, record.Owner);
                    else holders[key[0]] = record.Owner!;
                }
            }
            else
            {
                Assert.Null(record.Owner);
                Assert.Equal(0, record.LockExpiryMs);
            }
        }
    }
}
