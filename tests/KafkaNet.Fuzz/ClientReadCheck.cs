using System.Diagnostics;
using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace KafkaNet.Fuzz;

/// <summary>
/// Invariant (a): a real client (Confluent.Kafka, read_uncommitted) assigned to every non-empty
/// partition from the beginning reaches each high watermark within a bounded time.
/// </summary>
internal static class ClientReadCheck
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    public static CheckResult Run(string name, string bootstrap, IReadOnlyList<PartitionRange> partitions)
    {
        var pending = partitions.Where(p => p.HighWatermark > p.LogStart).ToDictionary(p => new TopicPartition(p.Topic, p.Partition));
        var errors = new List<string>();
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "fz-invariant-reader",
            EnableAutoCommit = false,
            EnablePartitionEof = true,
            IsolationLevel = IsolationLevel.ReadUncommitted,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        };
        long messages = 0;
        using (var consumer = new ConsumerBuilder<byte[], byte[]>(config).SetErrorHandler((_, e) => { lock (errors) { errors.Add(e.ToString()); } }).Build())
        {
            consumer.Assign(pending.Keys.Select(tp => new TopicPartitionOffset(tp, Offset.Beginning)));
            var watch = Stopwatch.StartNew();
            while (pending.Count > 0 && watch.Elapsed < Limit)
            {
                try
                {
                    var result = consumer.Consume(TimeSpan.FromMilliseconds(500));
                    if (result is null)
                    {
                        continue;
                    }
                    if (!result.IsPartitionEOF)
                    {
                        messages++;
                    }
                    else if (pending.TryGetValue(result.TopicPartition, out var range) && result.Offset.Value >= range.HighWatermark)
                    {
                        pending.Remove(result.TopicPartition);
                    }
                }
                catch (ConsumeException e)
                {
                    errors.Add($"{e.ConsumerRecord?.TopicPartitionOffset}: {e.Error}");
                    if (errors.Count > 100)
                    {
                        break;
                    }
                }
            }
            var violations = pending.Values.Select(r => $"{r}: position {Position(consumer, r)} never reached the high watermark").ToList();
            violations.AddRange(errors.Take(10).Select(e => "client error " + e));
            consumer.Close();
            return CheckResult.From(name, violations, $"{partitions.Count} partitions, {messages} records read by Confluent.Kafka in {watch.Elapsed.TotalSeconds:F1} s");
        }
    }

    private static string Position(IConsumer<byte[], byte[]> consumer, PartitionRange range)
    {
        try
        {
            return consumer.Position(new TopicPartition(range.Topic, range.Partition)).ToString();
        }
        catch (KafkaException e)
        {
            return e.Error.Reason;
        }
    }

    /// <summary>Topics whose cleanup.policy includes compact: their offsets may have holes.</summary>
    public static async Task<HashSet<string>> CompactedTopicsAsync(string bootstrap, IEnumerable<string> topics)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build();
        var resources = topics.Select(t => new ConfigResource { Type = ResourceType.Topic, Name = t }).ToList();
        var compacted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in resources.Chunk(100))
        {
            try
            {
                var results = await admin.DescribeConfigsAsync(chunk).ConfigureAwait(false);
                AddCompacted(results.Select(r => (r.ConfigResource.Name, r.Entries)), compacted);
            }
            catch (DescribeConfigsException e)
            {
                AddCompacted(e.Results.Where(r => r.Error.Code == ErrorCode.NoError).Select(r => (r.ConfigResource.Name, r.Entries)), compacted);
            }
        }
        return compacted;
    }

    private static void AddCompacted(IEnumerable<(string Topic, Dictionary<string, ConfigEntryResult> Entries)> results, HashSet<string> compacted)
    {
        foreach (var (topic, entries) in results)
        {
            if (entries.TryGetValue("cleanup.policy", out var policy) && policy.Value?.Contains("compact", StringComparison.Ordinal) == true)
            {
                compacted.Add(topic);
            }
        }
    }
}
