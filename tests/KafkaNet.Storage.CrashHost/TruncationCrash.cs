using System.Globalization;
using System.Text;
using KafkaNet.Protocol.Records;
using KafkaNet.Storage;

/// <summary>
/// Writes "old" records in leader epoch 1 past the cut, acknowledges them all (high watermark and checkpoints at the
/// log end), truncates the log at the cut as a follower does, prints "TRUNCATED &lt;log end&gt;", then appends "new"
/// records in epoch 2 as a follower until killed, printing "ACK &lt;first&gt; &lt;last&gt;" for each append. The
/// checkpoints are not rewritten after the cut, so they still name offsets past it.
/// </summary>
internal static class TruncationCrash
{
    public static async Task RunAsync(string logDir, int segmentBytes, long cut)
    {
        var config = new LogConfig { SegmentBytes = segmentBytes, IndexIntervalBytes = 512 };
        var tp = new TopicPartition("crash", 0);
        using var manager = LogManager.Open(logDir, _ => config);
        PartitionLog log = manager.GetOrCreateLog(tp);
        var random = new Random(segmentBytes);
        using var builder = new RecordBatchBuilder();
        while (log.LogEndOffset < cut * 2)
        {
            await log.AppendAsLeaderAsync(Build(builder, random, "old"), 1);
        }

        log.UpdateHighWatermark(log.LogEndOffset);
        manager.Checkpoint();
        log.TruncateTo(cut);
        using var output = new StreamWriter(Console.OpenStandardOutput());
        output.WriteLine($"TRUNCATED {log.LogEndOffset}");
        output.Flush();
        for (int i = 0; ; i++)
        {
            byte[] batch = Build(builder, random, "new");
            RecordBatchPatch.SetBaseOffset(batch, log.LogEndOffset);
            RecordBatchPatch.SetPartitionLeaderEpoch(batch, 2);
            LogAppendInfo info = await log.AppendAsFollowerAsync(batch);
            if (i % 16 == 0)
            {
                log.UpdateHighWatermark(info.FirstOffset);
            }

            output.WriteLine($"ACK {info.FirstOffset} {info.LastOffset}");
            output.Flush();
        }
    }

    private static byte[] Build(RecordBatchBuilder builder, Random random, string prefix)
    {
        builder.Reset();
        int records = random.Next(1, 20);
        for (int i = 0; i < records; i++)
        {
            byte[] value = Encoding.UTF8.GetBytes(prefix + " " + new string('x', random.Next(0, 300)));
            builder.Append(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), new NullableBytes(Encoding.UTF8.GetBytes(prefix)), new NullableBytes(value));
        }

        return builder.ToArray();
    }
}
