using System.Text;
using KafkaNet.Protocol.Records;

namespace KafkaNet.Storage.Tests.Producers;

/// <summary>Batches from idempotent and transactional producers, and crash copies of a log directory.</summary>
internal static class ProducerBatches
{
    /// <summary>
    /// A batch of <paramref name="records"/> records, keys k0.. and values v0.., starting at <paramref name="sequence"/>,
    /// stamped now unless told (markers are stamped with the log's clock, and segment.ms compares the two).
    /// </summary>
    public static byte[] Make(long producerId, short epoch, int sequence, int records = 1, bool transactional = false, long timestamp = -1)
    {
        timestamp = timestamp < 0 ? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() : timestamp;
        var pairs = new (string Key, string? Value)[records];
        for (int i = 0; i < records; i++)
        {
            pairs[i] = ("k" + i, "v" + i);
        }

        return Keyed(producerId, epoch, sequence, transactional, timestamp, pairs);
    }

    /// <summary>A batch of the given keys and values (null value: a tombstone).</summary>
    public static byte[] Keyed(long producerId, short epoch, int sequence, bool transactional, long timestamp, params (string Key, string? Value)[] records)
    {
        using var builder = new RecordBatchBuilder
        {
            ProducerId = producerId,
            ProducerEpoch = epoch,
            BaseSequence = sequence,
            IsTransactional = transactional,
        };
        foreach ((string key, string? value) in records)
        {
            builder.Append(timestamp, new NullableBytes(Encoding.UTF8.GetBytes(key)), value is null ? NullableBytes.Null : new NullableBytes(Encoding.UTF8.GetBytes(value)));
        }

        return builder.ToArray();
    }

    /// <summary>
    /// Copies a log directory while its log is open, as a kill -9 would leave it: what was written is there (the
    /// page cache survives a process kill), nothing was closed, no snapshot at the log end was taken.
    /// </summary>
    public static string CrashCopy(string partitionDir, string into)
    {
        Directory.CreateDirectory(into);
        foreach (string file in Directory.GetFiles(partitionDir))
        {
            File.Copy(file, Path.Combine(into, Path.GetFileName(file)));
        }

        return into;
    }
}
