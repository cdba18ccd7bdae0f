using System.Diagnostics;
using System.Text;
using KafkaNet.Protocol.Records;
using KafkaNet.Storage;

namespace KafkaNet.Cluster.Tests.Replication;

internal static class ReplicationTestSupport
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    /// <summary>One v2 batch of <paramref name="count"/> records; offsets and epoch matter only for follower appends.</summary>
    public static byte[] Batch(long baseOffset, int epoch, int count, string prefix, long producerId = -1, bool transactional = false)
    {
        using var builder = new RecordBatchBuilder
        {
            BaseOffset = baseOffset,
            PartitionLeaderEpoch = epoch,
            ProducerId = producerId,
            ProducerEpoch = producerId >= 0 ? (short)0 : RecordBatchHeader.NoProducerEpoch,
            BaseSequence = producerId >= 0 ? 0 : RecordBatchHeader.NoSequence,
            IsTransactional = transactional,
        };
        for (int i = 0; i < count; i++)
            builder.Append(1_700_000_000_000 + i, Encoding.UTF8.GetBytes($"k{i}"), Encoding.UTF8.GetBytes($"{prefix}-{baseOffset + i}"));
        return builder.ToArray();
    }

    /// <summary>Every batch of the log, as (base offset, bytes), read from the files.</summary>
    public static List<(long BaseOffset, byte[] Bytes)> Batches(PartitionLog log)
    {
        var batches = new List<(long, byte[])>();
        long offset = log.LogStartOffset;
        long end = log.LogEndOffset;
        for (int reads = 0; offset < end && reads < 10_000; reads++)
        {
            using var read = log.Read(offset, int.MaxValue);
            if (read.Region is null)
                break;
            var bytes = read.Region.ToArray();
            int at = 0;
            while (at < bytes.Length)
            {
                var header = RecordBatchHeader.Read(bytes.AsSpan(at));
                batches.Add((header.BaseOffset, bytes.AsSpan(at, (int)header.TotalSize).ToArray()));
                offset = header.LastOffset + 1;
                at += (int)header.TotalSize;
            }
        }
        return batches;
    }

    /// <summary>Polls until the condition holds; fails after <see cref="Deadline"/>.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > Deadline)
                Assert.Fail($"Timed out after {Deadline} waiting until {what}.");
            await Task.Delay(25);
        }
    }

    public static string TempDirectory() => Path.Combine(Path.GetTempPath(), "kafkanet-repl-" + Guid.NewGuid().ToString("N"));

    public static void DeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
        catch (UnauthorizedAccessException)
        {
            // Best effort.
        }
    }
}
