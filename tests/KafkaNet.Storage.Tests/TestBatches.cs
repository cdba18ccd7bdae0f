using System.Text;
using KafkaNet.Protocol.Compression;
using KafkaNet.Protocol.Records;

namespace KafkaNet.Storage.Tests;

/// <summary>Builds v2 batches for tests.</summary>
internal static class TestBatches
{
    public static byte[] Make(int records, long timestamp = 1_000, int valueSize = 10, CompressionCodec codec = CompressionCodec.None, string keyPrefix = "k")
    {
        long[] timestamps = new long[records];
        Array.Fill(timestamps, timestamp);
        return WithTimestamps(timestamps, valueSize, codec, keyPrefix);
    }

    public static byte[] WithTimestamps(long[] timestamps, int valueSize = 10, CompressionCodec codec = CompressionCodec.None, string keyPrefix = "k")
    {
        using var builder = new RecordBatchBuilder { Compression = codec };
        byte[] value = new byte[valueSize];
        for (int i = 0; i < timestamps.Length; i++)
        {
            value.AsSpan().Fill((byte)('a' + (i % 26)));
            builder.Append(timestamps[i], new NullableBytes(Encoding.UTF8.GetBytes(keyPrefix + i)), new NullableBytes(value));
        }

        return builder.ToArray();
    }

    /// <summary>Parses every batch in a region's bytes; fails the test on any invalid one.</summary>
    public static List<RecordBatchHeader> Headers(byte[] bytes)
    {
        var headers = new List<RecordBatchHeader>();
        var reader = new RecordBatchReader(bytes);
        while (!reader.IsAtEnd)
        {
            Assert.Equal(RecordBatchValidationResult.Ok, reader.ReadNext(out RecordBatch batch));
            headers.Add(batch.Header);
        }

        return headers;
    }

    /// <summary>Reads the whole log from its start as batch headers.</summary>
    public static List<RecordBatchHeader> ReadAll(PartitionLog log)
    {
        var headers = new List<RecordBatchHeader>();
        long offset = log.LogStartOffset;
        for (int guard = 0; guard < 1_000_000 && offset < log.LogEndOffset; guard++)
        {
            using LogReadResult result = log.Read(offset, 1024 * 1024);
            Assert.NotNull(result.Region);
            List<RecordBatchHeader> batch = Headers(result.Region.ToArray());
            headers.AddRange(batch);
            offset = batch[^1].LastOffset + 1;
        }

        return headers;
    }

    /// <summary>Every data record of the log as (offset, key, value); control batches are left out.</summary>
    public static List<(long Offset, string Key, string? Value)> ReadRecords(PartitionLog log)
    {
        var result = new List<(long, string, string?)>();
        long offset = log.LogStartOffset;
        for (int guard = 0; guard < 10_000 && offset < log.LogEndOffset; guard++)
        {
            using LogReadResult read = log.Read(offset, 1024 * 1024);
            if (read.Region is null)
            {
                break;
            }

            var reader = new RecordBatchReader(read.Region.ToArray());
            while (!reader.IsAtEnd && reader.ReadNext(out RecordBatch batch) == RecordBatchValidationResult.Ok)
            {
                offset = batch.Header.LastOffset + 1;
                if (batch.Header.IsControl)
                {
                    continue;
                }

                using RecordBatchContent content = batch.OpenRecords(1 << 20);
                foreach (KafkaNet.Protocol.Records.Record record in content.GetRecords())
                {
                    result.Add((record.Offset, Encoding.UTF8.GetString(record.Key), record.IsValueNull ? null : Encoding.UTF8.GetString(record.Value)));
                }
            }
        }

        return result;
    }
}
