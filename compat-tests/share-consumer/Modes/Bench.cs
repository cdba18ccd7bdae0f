using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using KafkaNet.Compat.ShareConsumer.Harness;
using KafkaNet.Compat.ShareConsumer.Native;

namespace KafkaNet.Compat.ShareConsumer.Modes;

/// <summary>
/// <c>--bench BOOTSTRAP TOPIC RECORDS CONSUMERS MODE [--group NAME] [--dead-letter-topic NAME]</c>: consumes an existing topic until RECORDS
/// records were received and prints "records=N seconds=S rate=R". MODE is share (accept every record), share-reject
/// (reject every record; with --dead-letter-topic the group writes each to that topic) or group (a
/// classic consumer group). Share groups start from the earliest offset. Exits 0 when all records came in time.
/// </summary>
internal static class Bench
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new Dictionary<string, string>();
        for (int i = 6; i + 1 < args.Length && args[i] is "--group" or "--dead-letter-topic"; i += 2)
        {
            options[args[i]] = args[i + 1];
        }
        if (args.Length < 6 || args.Length != 6 + 2 * options.Count || args[5] is not ("share" or "share-reject" or "group"))
        {
            Console.Error.WriteLine("usage: ShareConsumerCompat --bench BOOTSTRAP TOPIC RECORDS CONSUMERS share|share-reject|group [--group NAME] [--dead-letter-topic NAME]");
            return 2;
        }
        (string bootstrap, string topic, string mode) = (args[1], args[2], args[5]);
        int records = int.Parse(args[3], CultureInfo.InvariantCulture);
        int consumers = int.Parse(args[4], CultureInfo.InvariantCulture);
        string group = options.GetValueOrDefault("--group") ?? $"bench-{Guid.NewGuid():N}";
        long received = 0;
        bool Done() => Interlocked.Read(ref received) >= records;

        using var cluster = new TestCluster(bootstrap);
        var groupConfigs = new Dictionary<string, string> { ["share.auto.offset.reset"] = "earliest" };
        if (options.GetValueOrDefault("--dead-letter-topic") is { } deadLetterTopic)
        {
            groupConfigs["errors.deadletterqueue.topic.name"] = deadLetterTopic;
        }
        if (mode != "group" && await cluster.SetGroupConfigsAsync(group, groupConfigs) is string refused)
        {
            Console.Error.WriteLine($"group configs refused: {refused}");
            return 1;
        }
        var clock = Stopwatch.StartNew();
        double seconds = 0;
        void Count(int n)
        {
            if (Interlocked.Add(ref received, n) - n < records && Done())
            {
                seconds = clock.Elapsed.TotalSeconds;
            }
        }
        ConsumerThreads.Run(consumers, i =>
        {
            if (mode == "group")
            {
                ConsumeGroup(bootstrap, topic, group, Done, Count);
                return;
            }
            using ShareConsumer consumer = cluster.NewConsumer($"bench{i}", group, "explicit");
            consumer.Subscribe(topic);
            AcknowledgeLoop.Run(consumer, mode == "share" ? AcknowledgeType.Accept : AcknowledgeType.Reject, Done, Timeout,
                batch => Count(batch.Records.Count(r => r.Error is null)), error => Console.Error.WriteLine($"bench{i}: {error}"));
            consumer.Close();
        });
        long n = Interlocked.Read(ref received);
        seconds = Done() ? seconds : clock.Elapsed.TotalSeconds;
        Console.WriteLine(FormattableString.Invariant($"records={n} seconds={seconds:0.000} rate={n / seconds:0}"));
        return Done() ? 0 : 1;
    }

    private static void ConsumeGroup(string bootstrap, string topic, string group, Func<bool> done, Action<int> count)
    {
        using IConsumer<Ignore, Ignore> consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = group,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        consumer.Subscribe(topic);
        var clock = Stopwatch.StartNew();
        while (!done() && clock.Elapsed < Timeout)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { IsPartitionEOF: false } result && result.Message is not null)
            {
                count(1);
            }
        }
        consumer.Close();
    }
}
