using System.Buffers.Text;
using System.Text;
using KafkaNet.Protocol.Records;
using KafkaNet.Storage;

namespace KafkaNet.Broker.Shares.DeadLetter;

/// <summary>
/// Finds which source offsets already have a dead-letter record, by their context headers, so that a write whose
/// outcome was unknown (a restart between the write and the archive, a replication timeout) is not repeated.
/// Only the tail of the dead-letter partition is read: a write in doubt is among the last ones made.
/// </summary>
public static class DeadLetterScan
{
    /// <summary>How many offsets back from the end of the dead-letter partition are read.</summary>
    public const long TailOffsets = 1_000_000;

    /// <summary>The offsets of <paramref name="runs"/> that the dead-letter partition holds a record for.</summary>
    public static HashSet<long> Present(PartitionLog deadLetterLog, long endOffset, string groupId, string sourceTopic, int sourcePartition,
        IReadOnlyList<ArchivedRecords> runs)
    {
        ArgumentNullException.ThrowIfNull(deadLetterLog);
        ArgumentNullException.ThrowIfNull(runs);
        var found = new HashSet<long>();
        if (runs.Count == 0) return found;
        byte[] group = Encoding.UTF8.GetBytes(groupId);
        byte[] topic = Encoding.UTF8.GetBytes(sourceTopic);
        byte[] partition = Encoding.UTF8.GetBytes(sourcePartition.ToString(System.Globalization.CultureInfo.InvariantCulture));
        LogRecordWalker.Walk(deadLetterLog, Math.Max(0, endOffset - TailOffsets), endOffset - 1, (in Record record) =>
        {
            if (Matches(record, group, topic, partition) is { } offset && InRuns(runs, offset)) found.Add(offset);
        });
        return found;
    }

    /// <summary>The source offset of a dead-letter record from this group and source partition; null for any other record.</summary>
    private static long? Matches(in Record record, byte[] group, byte[] topic, byte[] partition)
    {
        bool groupSeen = false, topicSeen = false, partitionSeen = false;
        long? offset = null;
        foreach (var header in record.Headers)
        {
            if (header.IsValueNull) continue;
            var key = header.Key;
            if (key.SequenceEqual(DeadLetterHeaderKeys.Group)) groupSeen = header.Value.SequenceEqual(group);
            else if (key.SequenceEqual(DeadLetterHeaderKeys.Topic)) topicSeen = header.Value.SequenceEqual(topic);
            else if (key.SequenceEqual(DeadLetterHeaderKeys.Partition)) partitionSeen = header.Value.SequenceEqual(partition);
            else if (key.SequenceEqual(DeadLetterHeaderKeys.Offset) && Utf8Parser.TryParse(header.Value, out long parsed, out int used) && used == header.Value.Length)
                offset = parsed;
        }
        return groupSeen && topicSeen && partitionSeen ? offset : null;
    }

    private static bool InRuns(IReadOnlyList<ArchivedRecords> runs, long offset)
    {
        foreach (var run in runs)
        {
            if (offset >= run.FirstOffset && offset <= run.LastOffset) return true;
        }
        return false;
    }

    /// <summary>The header keys as UTF-8, for comparing without decoding every header.</summary>
    private static class DeadLetterHeaderKeys
    {
        public static readonly byte[] Group = Encoding.UTF8.GetBytes(DeadLetterHeaders.Group);
        public static readonly byte[] Topic = Encoding.UTF8.GetBytes(DeadLetterHeaders.Topic);
        public static readonly byte[] Partition = Encoding.UTF8.GetBytes(DeadLetterHeaders.Partition);
        public static readonly byte[] Offset = Encoding.UTF8.GetBytes(DeadLetterHeaders.Offset);
    }
}
