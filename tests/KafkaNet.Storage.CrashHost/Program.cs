using System.Globalization;
using System.Text;
using KafkaNet.Protocol.Records;
using KafkaNet.Storage;

// Appends batches to one partition until killed and prints "ACK <first> <last>" for every acknowledged append.
// Usage: KafkaNet.Storage.CrashHost <log dir> <durable: 0|1> <segment.bytes> <concurrent appenders>
//        KafkaNet.Storage.CrashHost truncate <log dir> <segment.bytes> <offset>: see TruncationCrash.
if (args[0] == "truncate")
{
    await TruncationCrash.RunAsync(args[1], int.Parse(args[2], CultureInfo.InvariantCulture), long.Parse(args[3], CultureInfo.InvariantCulture));
    return;
}

string logDir = args[0];
bool durable = args[1] == "1";
int segmentBytes = int.Parse(args[2], CultureInfo.InvariantCulture);
int appenders = int.Parse(args[3], CultureInfo.InvariantCulture);
var config = new LogConfig { Durable = durable, SegmentBytes = segmentBytes, IndexIntervalBytes = 512 };
var tp = new TopicPartition("crash", 0);

using var manager = LogManager.Open(logDir, _ => config);
PartitionLog log = manager.GetOrCreateLog(tp);
var output = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = false };
var outputLock = new Lock();
lock (outputLock)
{
    output.WriteLine($"START {log.LogEndOffset}");
    output.Flush();
}

await Task.WhenAll(Enumerable.Range(0, appenders).Select(writer => Task.Run(async () =>
{
    var random = new Random(writer);
    using var builder = new RecordBatchBuilder();
    for (long sequence = 0; ; sequence++)
    {
        builder.Reset();
        int records = random.Next(1, 20);
        for (int i = 0; i < records; i++)
        {
            byte[] value = Encoding.UTF8.GetBytes($"writer {writer} batch {sequence} record {i} " + new string('x', random.Next(0, 300)));
            builder.Append(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), new NullableBytes(Encoding.UTF8.GetBytes($"w{writer}")), new NullableBytes(value));
        }

        LogAppendInfo info = await log.AppendAsLeaderAsync(builder.ToArray(), 1);
        lock (outputLock)
        {
            output.WriteLine($"ACK {info.FirstOffset} {info.LastOffset}");
            output.Flush();
        }
    }
})));
