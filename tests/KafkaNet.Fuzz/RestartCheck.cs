using Confluent.Kafka;

namespace KafkaNet.Fuzz;

/// <summary>
/// Invariant (d): kill -9 the broker, scan its data directory (invariant e), start it again on the same data directory: it serves, no
/// partition ends below what was acknowledged before the kill, and (a) and (b) hold again.
/// </summary>
internal static class RestartCheck
{
    private static readonly TimeSpan CatchUp = TimeSpan.FromSeconds(30);

    public static long PeakRssBeforeKill { get; private set; } = -1;

    public static async Task<List<CheckResult>> RunAsync(BrokerProcess broker, Dictionary<TopicPartition, long> seededAcks, IReadOnlySet<Guid> seededIds)
    {
        var topics = await TopicCatalog.DescribeAllAsync(broker.Bootstrap).ConfigureAwait(false);
        var acknowledged = (await PartitionOffsets.QueryAsync(broker.Bootstrap, topics).ConfigureAwait(false))
            .ToDictionary(r => (r.Topic, r.Partition), r => r.HighWatermark);
        // A topic that fuzzed requests deleted (and maybe created again) no longer holds its seed: only the
        // seeded topics still under their first id keep their seed acks.
        var stillSeeded = topics.Where(t => seededIds.Contains(t.Id)).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (tp, end) in seededAcks.Where(a => stillSeeded.Contains(a.Key.Topic)))
        {
            acknowledged[(tp.Topic, tp.Partition.Value)] = Math.Max(end, acknowledged.GetValueOrDefault((tp.Topic, tp.Partition.Value)));
        }
        var compacted = await ClientReadCheck.CompactedTopicsAsync(broker.Bootstrap, topics.Select(t => t.Name)).ConfigureAwait(false);
        PeakRssBeforeKill = ProcessStats.PeakRssBytes(broker.Pid);
        broker.Kill();
        var results = new List<CheckResult>();
        results.Add(IntegrityScan.Run(broker.DataDirectory, compacted));
        try
        {
            await broker.StartAsync(TimeSpan.FromSeconds(120)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            results.Add(new CheckResult("restart after kill -9", false, e.Message));
            return results;
        }
        var shortfalls = new List<string>();
        var until = DateTime.UtcNow + CatchUp;
        while (true)
        {
            var after = (await PartitionOffsets.QueryAsync(broker.Bootstrap, topics).ConfigureAwait(false))
                .ToDictionary(r => (r.Topic, r.Partition), r => r.HighWatermark);
            shortfalls = acknowledged
                .Where(a => !after.TryGetValue(a.Key, out long end) || end < a.Value)
                .Select(a => $"{a.Key.Topic}-{a.Key.Partition}: end {(after.TryGetValue(a.Key, out long e) ? e : -1)} < acknowledged {a.Value}")
                .ToList();
            if (shortfalls.Count == 0 || DateTime.UtcNow >= until)
            {
                break;
            }
            await Task.Delay(500).ConfigureAwait(false);
        }
        results.Add(CheckResult.From("restart after kill -9 keeps every acknowledged offset", shortfalls,
            $"{acknowledged.Count} partitions, {acknowledged.Values.Sum()} acknowledged offsets"));
        results.AddRange(await ReadChecks.RunAsync(broker.Bootstrap, " (after restart)").ConfigureAwait(false));
        return results;
    }
}
