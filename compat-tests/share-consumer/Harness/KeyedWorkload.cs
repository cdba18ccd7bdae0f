using System.Collections.Concurrent;
using KafkaNet.Compat.ShareConsumer.Native;

namespace KafkaNet.Compat.ShareConsumer.Harness;

/// <summary>One delivery of a keyed record: who got it, when the poll returned it and when the commit
/// acknowledging it was sent (Stopwatch ticks), and whether the broker confirmed that acknowledgement.</summary>
internal sealed record KeyedDelivery(string Key, int Partition, long Offset, int Consumer, long ReceivedAt, long AckSentAt, bool Confirmed);

/// <summary>
/// Records with key i % keys and value i on a new 2-partition topic, consumed by share consumers on threads of
/// this process, each accepting every record, until every value is accepted or the timeout passes.
/// </summary>
internal sealed class KeyedWorkload(TestCluster cluster, int records, int keys, int consumers, int maxPollRecords)
{
    public NumberedTally Tally { get; private set; } = new(records);

    public ConcurrentQueue<KeyedDelivery> Deliveries { get; } = new();

    public ConcurrentQueue<string> Errors { get; } = new();

    public double RecordsPerSecond => Tally.Distinct / Tally.Elapsed.TotalSeconds;

    /// <summary>Runs it with the given group configs besides earliest; null on success, else why the group refused them.</summary>
    public async Task<string?> RunAsync(string name, IReadOnlyDictionary<string, string> groupConfigs, TimeSpan timeout)
    {
        string topic = await cluster.CreateTopicAsync(name, 2);
        string group = topic + "-group";
        var configs = new Dictionary<string, string>(groupConfigs) { ["share.auto.offset.reset"] = "earliest" };
        if (await cluster.SetGroupConfigsAsync(group, configs) is string refused)
        {
            return refused;
        }
        BulkProducer.ProduceNumbered(cluster.Bootstrap, topic, records, 2, i => (i % keys).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Tally = new NumberedTally(records);
        ConsumerThreads.Run(consumers, i => Consume(i, topic, group, timeout));
        return null;
    }

    private void Consume(int index, string topic, string group, TimeSpan timeout)
    {
        using ShareConsumer consumer = cluster.NewConsumer($"k{index}", group, "explicit", maxPollRecords);
        consumer.Subscribe(topic);
        AcknowledgeLoop.Run(consumer, AcknowledgeType.Accept, () => Tally.Complete, timeout, batch =>
        {
            // Throughput counts from the first records received, not from the consumers joining the group.
            Tally.MarkStart(batch.ReceivedAt);
            var confirmed = batch.Confirmed.ToHashSet();
            foreach (ShareRecord record in batch.Records.Where(r => r.Error is null))
            {
                Deliveries.Enqueue(new KeyedDelivery(record.Key ?? "", record.Partition, record.Offset, index, batch.ReceivedAt, batch.AckSentAt, confirmed.Contains(record)));
            }
            foreach (ShareRecord record in confirmed)
            {
                Tally.Accept(record.Value);
            }
            if (!batch.Commit.Succeeded || batch.AcknowledgeErrors.Count > 0)
            {
                Errors.Enqueue($"k{index}: {batch.Commit} {string.Join("; ", batch.AcknowledgeErrors.Take(2))}");
            }
        }, error => Errors.Enqueue($"k{index}: {error}"));
        consumer.Close();
    }
}
