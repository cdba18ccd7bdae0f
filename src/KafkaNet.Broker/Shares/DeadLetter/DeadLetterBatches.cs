using System.Globalization;
using System.Text;
using KafkaNet.Protocol.Records;

namespace KafkaNet.Broker.Shares.DeadLetter;

/// <summary>
/// Builds the dead-letter records of an archived run: one record per source offset, in offset order, with the
/// context headers. With copying on, a record that still exists keeps its key, value, headers and timestamp (the
/// context headers follow its own); otherwise the record is the headers alone, stamped with the time of writing.
/// Records go into batches of at most <c>maxBatchBytes</c>; a copy that would not fit even alone is written as the
/// context headers alone.
/// </summary>
public static class DeadLetterBatches
{
    // A record's fixed fields (length, attributes, timestamp and offset deltas, lengths) as varints at their widest.
    private const int RecordOverheadBound = 5 * 8;

    public static List<byte[]> Build(string groupId, string sourceTopic, int sourcePartition, ArchivedRecords run,
        IReadOnlyDictionary<long, SourceRecord>? copies, long nowMs, int maxBatchBytes)
    {
        ArgumentNullException.ThrowIfNull(groupId);
        ArgumentNullException.ThrowIfNull(sourceTopic);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchBytes, 1);
        var batches = new List<byte[]>();
        var fixedHeaders = new[]
        {
            Header(DeadLetterHeaders.Topic, sourceTopic),
            Header(DeadLetterHeaders.Partition, sourcePartition.ToString(CultureInfo.InvariantCulture)),
        };
        var trailingHeaders = new[]
        {
            Header(DeadLetterHeaders.Group, groupId),
            Header(DeadLetterHeaders.DeliveryCount, run.DeliveryCount.ToString(CultureInfo.InvariantCulture)),
            Header(DeadLetterHeaders.Message, DeadLetterHeaders.MessageFor(run.Reason)),
        };
        using var builder = new RecordBatchBuilder();
        int batchBytes = RecordBatchHeader.Size;
        for (long offset = run.FirstOffset; offset <= run.LastOffset; offset++)
        {
            var copy = copies?.GetValueOrDefault(offset);
            RecordHeaderData[] contextHeaders = [.. fixedHeaders, Header(DeadLetterHeaders.Offset, offset.ToString(CultureInfo.InvariantCulture)), .. trailingHeaders];
            RecordHeaderData[] headers = [.. copy?.Headers ?? [], .. contextHeaders];
            int recordBytes = SizeBound(copy, headers);
            if (copy is not null && RecordBatchHeader.Size + recordBytes > maxBatchBytes)
            {
                // Too large for the dead-letter topic even alone: the context headers still say where it is.
                (copy, headers) = (null, contextHeaders);
                recordBytes = SizeBound(null, headers);
            }
            if (builder.Count > 0 && batchBytes + recordBytes > maxBatchBytes)
            {
                batches.Add(builder.ToArray());
                builder.Reset();
                batchBytes = RecordBatchHeader.Size;
            }
            if (copy is null)
            {
                builder.Append(nowMs, NullableBytes.Null, NullableBytes.Null, headers);
            }
            else
            {
                builder.Append(copy.Timestamp, copy.Key, copy.Value, headers);
            }
            batchBytes += recordBytes;
        }
        if (builder.Count > 0)
        {
            batches.Add(builder.ToArray());
        }
        return batches;
    }

    private static int SizeBound(SourceRecord? copy, RecordHeaderData[] headers)
    {
        int size = RecordOverheadBound + (copy?.Key?.Length ?? 0) + (copy?.Value?.Length ?? 0);
        foreach (var header in headers)
        {
            size += 10 + header.Key.Length + (header.Value?.Length ?? 0);
        }
        return size;
    }

    private static RecordHeaderData Header(string key, string value) => new(key, Encoding.UTF8.GetBytes(value));
}
