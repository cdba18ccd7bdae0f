using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.Protocol.Records;
using KafkaNet.WebConsole.Dispatch;

namespace KafkaNet.WebConsole.Kafka;

/// <summary>Reads records of one partition with Fetch, as a consumer without a group would.</summary>
internal static class RecordQueries
{
    // Topic names in the request (from v13 on, Fetch names topics by id).
    private const short FetchVersion = 12;
    private const int MaxBytes = 1 << 20;
    private const int MaxFetches = 20;
    private const int MaxDecompressedBytes = 64 << 20;

    /// <summary>Up to <paramref name="limit"/> records from <paramref name="offset"/> on, stopping at the high watermark.</summary>
    public static async Task<FetchedRecords> FetchAsync(this BrokerRequests kafka, string topic, int partition, long offset, int limit,
        CancellationToken cancellationToken)
    {
        var records = new List<FetchedRecord>();
        long next = offset;
        long logStart = -1, highWatermark = -1;
        for (int fetches = 0; fetches < MaxFetches && records.Count < limit; fetches++)
        {
            var data = await FetchOnceAsync(kafka, topic, partition, next, cancellationToken).ConfigureAwait(false);
            ConsoleApiException.ThrowIfError(data.ErrorCode, null, $"{topic}-{partition}");
            logStart = data.LogStartOffset;
            highWatermark = data.HighWatermark;
            long before = next;
            next = Read(data.Records ?? ReadOnlyMemory<byte>.Empty, next, limit, records);
            if (next == before || next >= highWatermark)
            {
                break;
            }
        }
        return new FetchedRecords(logStart, highWatermark, records);
    }

    private static async Task<FetchResponse.PartitionData> FetchOnceAsync(BrokerRequests kafka, string topic, int partition, long offset,
        CancellationToken cancellationToken)
    {
        // No wait, no session: answer with what the log holds now.
        var request = new FetchRequest { ReplicaId = -1, MaxWaitMs = 0, MinBytes = 0, MaxBytes = MaxBytes, SessionId = 0, SessionEpoch = -1 };
        var fetchTopic = new FetchRequest.FetchTopic { Topic = topic };
        fetchTopic.Partitions.Add(new FetchRequest.FetchPartition { Partition = partition, FetchOffset = offset, PartitionMaxBytes = MaxBytes });
        request.Topics.Add(fetchTopic);
        var response = await kafka.SendAsync<FetchResponse>(FetchRequest.ApiKey, FetchVersion, request, cancellationToken).ConfigureAwait(false);
        ConsoleApiException.ThrowIfError(response.ErrorCode, null, $"{topic}-{partition}");
        return response.Responses.SelectMany(t => t.Partitions).Single(p => p.PartitionIndex == partition);
    }

    /// <summary>Adds the records at or after <paramref name="from"/>; returns the offset to fetch next.</summary>
    private static long Read(ReadOnlyMemory<byte> batches, long from, int limit, List<FetchedRecord> into)
    {
        long next = from;
        var reader = new RecordBatchReader(batches);
        while (!reader.IsAtEnd && into.Count < limit)
        {
            // A batch cut off by the size limit ends what this response holds.
            if (reader.ReadNext(out var batch) != RecordBatchValidationResult.Ok)
            {
                break;
            }
            if (!batch.Header.IsControl)
            {
                using var content = batch.OpenRecords(MaxDecompressedBytes);
                bool logAppendTime = batch.Header.TimestampType == TimestampType.LogAppendTime;
                foreach (var record in content.GetRecords())
                {
                    if (record.Offset >= from && into.Count < limit)
                    {
                        into.Add(Copy(record, logAppendTime));
                        next = record.Offset + 1;
                    }
                }
            }
            if (into.Count < limit)
            {
                next = Math.Max(next, batch.Header.LastOffset + 1);
            }
        }
        return next;
    }

    private static FetchedRecord Copy(Record record, bool logAppendTime)
    {
        var headers = new List<(string, byte[]?)>(record.HeaderCount);
        foreach (var header in record.Headers)
        {
            headers.Add((header.GetKeyString(), header.IsValueNull ? null : header.Value.ToArray()));
        }
        return new FetchedRecord(record.Offset, record.Timestamp, logAppendTime,
            record.IsKeyNull ? null : record.Key.ToArray(), record.IsValueNull ? null : record.Value.ToArray(), headers);
    }
}
