using System.Diagnostics;
using KafkaNet.Protocol.Messages;
using KafkaNet.Protocol.Records;

namespace KafkaNet.Fuzz;

/// <summary>
/// Invariant (b): in a topic that is not compacted, raw Fetch from log start to high watermark
/// returns batches that cover every offset once (counting control batches), and every batch's
/// lastOffsetDelta + 1 equals its record count.
/// </summary>
internal static class DenseOffsetCheck
{
    private static readonly TimeSpan PerPartition = TimeSpan.FromSeconds(60);

    public static async Task<CheckResult> RunAsync(string name, string bootstrap, IReadOnlyList<PartitionRange> partitions)
    {
        var violations = new List<string>();
        long records = 0;
        using var connection = await RawConnection.ConnectAsync(bootstrap).ConfigureAwait(false);
        foreach (var range in partitions.Where(p => p.HighWatermark > p.LogStart))
        {
            records += await CheckPartitionAsync(connection, range, violations).ConfigureAwait(false);
        }
        return CheckResult.From(name, violations, $"{partitions.Count} partitions, {records} offsets read raw");
    }

    private static async Task<long> CheckPartitionAsync(RawConnection connection, PartitionRange range, List<string> violations)
    {
        long next = range.LogStart;
        long counted = 0;
        var watch = Stopwatch.StartNew();
        for (int round = 0; next < range.HighWatermark; round++)
        {
            if (round > 100_000 || watch.Elapsed > PerPartition)
            {
                violations.Add($"{range}: reading stopped at {next} (time or round limit)");
                return counted;
            }
            var request = new FetchRequest
            {
                ReplicaId = -1, MaxWaitMs = 0, MinBytes = 0, MaxBytes = 8 << 20, IsolationLevel = 0, SessionEpoch = -1,
                Topics = [new FetchRequest.FetchTopic { Topic = range.Topic, Partitions = [new FetchRequest.FetchPartition { Partition = range.Partition, FetchOffset = next, PartitionMaxBytes = 4 << 20 }] }],
            };
            var response = await connection.SendAsync<FetchResponse>(FetchRequest.ApiKey, 12, request).ConfigureAwait(false);
            var data = response.Responses.SelectMany(t => t.Partitions).FirstOrDefault();
            if (data is null || data.ErrorCode != 0)
            {
                violations.Add($"{range}: fetch at {next} answered error {data?.ErrorCode}");
                return counted;
            }
            var bytes = data.Records ?? ReadOnlyMemory<byte>.Empty;
            long before = next;
            int position = 0;
            while (next < range.HighWatermark && position + RecordBatchHeader.Size <= bytes.Length)
            {
                var span = bytes.Span[position..];
                var header = RecordBatchHeader.Read(span);
                if (header.TotalSize > span.Length)
                {
                    break; // a partial batch at the end of the response
                }
                var batch = span[..(int)header.TotalSize];
                string at = $"{range}: batch at {header.BaseOffset}";
                if (header.Magic != RecordBatchHeader.CurrentMagic)
                {
                    violations.Add($"{at} has magic {header.Magic}");
                    return counted;
                }
                if (!RecordBatchCrc.IsValid(batch))
                {
                    violations.Add($"{at} has a wrong CRC");
                }
                if (header.LastOffsetDelta + 1 != header.RecordCount)
                {
                    violations.Add($"{at}: lastOffsetDelta {header.LastOffsetDelta} + 1 != record count {header.RecordCount}");
                }
                bool first = next == range.LogStart && counted == 0;
                if (first ? header.BaseOffset > next || header.LastOffset < next : header.BaseOffset != next)
                {
                    violations.Add($"{at}: expected the batch holding offset {next} (last offset {header.LastOffset})");
                    return counted;
                }
                long from = Math.Max(header.BaseOffset, next);
                long to = Math.Min(header.LastOffset, range.HighWatermark - 1);
                counted += to - from + 1;
                next = header.LastOffset + 1;
                position += (int)header.TotalSize;
            }
            if (next == before)
            {
                violations.Add($"{range}: no batch at offset {next} ({bytes.Length} bytes returned)");
                return counted;
            }
        }
        if (counted != range.HighWatermark - range.LogStart)
        {
            violations.Add($"{range}: {counted} offsets read, expected {range.HighWatermark - range.LogStart}");
        }
        return counted;
    }
}
