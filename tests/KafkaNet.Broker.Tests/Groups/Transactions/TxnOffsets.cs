using System.Buffers.Binary;
using KafkaNet.Broker.Groups;
using KafkaNet.Broker.Groups.Offsets;
using KafkaNet.Broker.Tests.Admin;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Records;
using KafkaNet.Storage;
using KafkaNet.Storage.Producers;

namespace KafkaNet.Broker.Tests.Groups.Transactions;

/// <summary>Transactional commits, offset look-ups and hand-made transaction markers for the coordinator's tests.</summary>
internal static class TxnOffsets
{
    /// <summary>A coordinator on <paramref name="dir"/> with __consumer_offsets created and a topic "in".</summary>
    public static CoordinatorHarness Open(TempDirectory dir, int partitions, ManualClock? clock = null, Action<GroupCoordinatorOptions>? configure = null)
    {
        var harness = CoordinatorHarness.Open(dir.Path, clock, configure);
        harness.CreateTopic("in", partitions);
        harness.FindCoordinator("any");
        return harness;
    }

    /// <summary>The partition of __consumer_offsets that coordinates the group.</summary>
    public static PartitionLog LogOf(CoordinatorHarness harness, string group) =>
        harness.Replicas.Find(TopicNames.ConsumerOffsets, harness.Coordinator.PartitionFor(group))!;

    public static OffsetCommitEntry Entry(string topic, int partition, long offset, string? metadata = "") =>
        new(topic, Guid.Empty, partition, offset, -1, metadata, TopicExists: true);

    /// <summary>A transactional commit from outside group management (generation -1, no member), as TxnOffsetCommit v0-2 sends.</summary>
    public static async Task<ErrorCode[]> CommitAsync(GroupCoordinator coordinator, string group, long producerId, params OffsetCommitEntry[] entries)
    {
        var (error, errors) = await coordinator.CommitTransactionalOffsetsAsync(group, producerId, 0, "", null, -1, entries);
        Assert.Equal(ErrorCode.None, error);
        return errors;
    }

    public static Task PlainCommitAsync(GroupCoordinator coordinator, string group, params OffsetCommitEntry[] entries) =>
        coordinator.CommitOffsetsAsync(group, "", null, -1, null, 8, entries);

    /// <summary>The committed offset OffsetFetch returns without require_stable, or null.</summary>
    public static long? Committed(GroupCoordinator coordinator, string group, string topic, int partition) =>
        coordinator.FetchOffsets(group, [new TopicPartitionKey(topic, partition)]).Offsets.Single().Offset?.Offset;

    /// <summary>The partition's answer to OffsetFetch with require_stable.</summary>
    public static FetchedOffset Stable(GroupCoordinator coordinator, string group, string topic, int partition)
    {
        var (error, offsets) = coordinator.FetchOffsets(group, [new TopicPartitionKey(topic, partition)], null, -1, requireStable: true);
        Assert.Equal(ErrorCode.None, error);
        return offsets.Single();
    }

    /// <summary>
    /// Appends a COMMIT or ABORT control batch as a replica copies one, so replay can be tested on a log that holds
    /// markers without the leader's marker path.
    /// </summary>
    public static async Task WriteMarkerAsync(PartitionLog log, long producerId, bool commit)
    {
        using var builder = new RecordBatchBuilder { ProducerId = producerId, ProducerEpoch = 0, IsTransactional = true, IsControl = true };
        var key = new byte[4];
        BinaryPrimitives.WriteInt16BigEndian(key.AsSpan(2), commit ? (short)1 : (short)0);
        var value = new byte[6]; // EndTxnMarker v0, coordinator epoch 0
        builder.Append(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), new NullableBytes(key), new NullableBytes(value));
        await log.AppendAsLeaderAsync(builder.ToArray(), 0, checksumVerified: false, AppendOrigin.Replication);
    }

    /// <summary>The headers of every batch of the log, oldest first.</summary>
    public static List<RecordBatchHeader> Batches(PartitionLog log)
    {
        var headers = new List<RecordBatchHeader>();
        long offset = log.LogStartOffset;
        for (int guard = 0; guard < 10_000 && offset < log.LogEndOffset; guard++)
        {
            using var read = log.Read(offset, 1024 * 1024);
            Assert.NotNull(read.Region);
            ReadOnlyMemory<byte> rest = read.Region.ToArray();
            while (rest.Length > 0 && RecordBatch.TryRead(rest, out var batch) == RecordBatchValidationResult.Ok)
            {
                headers.Add(batch.Header);
                rest = rest[batch.Memory.Length..];
                offset = batch.Header.BaseOffset + batch.Header.LastOffsetDelta + 1;
            }
        }
        return headers;
    }
}
