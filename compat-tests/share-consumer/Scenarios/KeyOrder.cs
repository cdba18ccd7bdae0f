using KafkaNet.Compat.ShareConsumer.Harness;

namespace KafkaNet.Compat.ShareConsumer.Scenarios;

/// <summary>
/// (k) share.key.ordered.enable=true at volume: 8 share consumers, 1000 keys, 100,000 records on 2 partitions.
/// A key is never held by two consumers at once (a delivery starts only after the previous delivery of its key
/// was acknowledged), each key's records are acknowledged in offset order, and ordering costs at most half the
/// throughput of the same workload in a group without it.
/// </summary>
internal sealed class KeyOrder(TestCluster cluster, Checks checks) : Scenario(cluster, checks)
{
    private const int Records = 100_000;
    private const int Keys = 1000;
    private const int Consumers = 8;
    // One poll may take a partition's whole in-flight window (group.share.partition.max.record.locks, which run.sh raises to
    // 10000): a key-ordered fetch that finds every key held waits for the broker's next look, so fewer, larger rounds win.
    private const int MaxPollRecords = 10_000;
    private const int Rounds = 3;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(45);

    public override string Name => "k";

    public override bool NeedsGroupConfigs => true;

    public override async Task RunAsync()
    {
        // Each mode runs Rounds times, alternating which goes first, and its fastest run counts: the machine's other
        // load shows in runs this short.
        var ordered = new List<KeyedWorkload>();
        var unordered = new List<KeyedWorkload>();
        for (int round = 0; round < Rounds; round++)
        {
            foreach (bool keyOrdered in round % 2 == 0 ? new[] { true, false } : [false, true])
            {
                var run = new KeyedWorkload(Cluster, Records, Keys, Consumers, MaxPollRecords);
                var configs = keyOrdered ? new Dictionary<string, string> { ["share.key.ordered.enable"] = "true" } : [];
                if (await run.RunAsync(keyOrdered ? "share-k" : "share-k-unordered", configs, Timeout) is string refused)
                {
                    Check($"the group takes {string.Join(",", configs.Select(c => $"{c.Key}={c.Value}"))}", false, refused);
                    return;
                }
                (keyOrdered ? ordered : unordered).Add(run);
            }
        }

        string tallies = string.Join(" | ", ordered.Select(r => $"{r.Tally}; {r.Deliveries.Count} deliveries; " +
            (r.Errors.IsEmpty ? "no errors" : "errors: " + string.Join("; ", r.Errors.Distinct().Take(3)))));
        Check($"{Consumers} consumers with key ordering accept each of the {Records} records exactly once (in each of {Rounds} runs)",
            ordered.All(r => r.Tally.ExactlyOnce), tallies);
        var overlaps = ordered.SelectMany(r => Overlaps(r.Deliveries.ToList())).ToList();
        Check($"no key of the {Keys} is held by two consumers at once (received only after the previous delivery of its key was acknowledged)",
            overlaps.Count == 0 && ordered.All(r => r.Deliveries.Count >= Records),
            $"{overlaps.Count} overlaps{(overlaps.Count > 0 ? ", first: " + overlaps[0] : "")}; deliveries by consumer " +
            string.Join(" | ", ordered.Select(r => string.Join(",", r.Deliveries.GroupBy(d => d.Consumer).OrderBy(g => g.Key).Select(g => $"k{g.Key}={g.Count()}")))));
        var outOfOrder = ordered.SelectMany(r => OutOfOrder(r.Deliveries.ToList())).ToList();
        Check("each key's records of a partition are acknowledged in offset order",
            outOfOrder.Count == 0 && ordered.All(r => r.Tally.Complete), $"{outOfOrder.Count} keys out of order{(outOfOrder.Count > 0 ? ", first: " + outOfOrder[0] : "")}");

        double orderedRate = ordered.Max(r => r.RecordsPerSecond);
        double unorderedRate = unordered.Max(r => r.RecordsPerSecond);
        double ratio = orderedRate / unorderedRate;
        string rates = $"max.poll.records={MaxPollRecords}; key-ordered {orderedRate:0} records/s, unordered {unorderedRate:0} records/s, ratio {ratio:0.00} " +
            $"(best of {Rounds}; all runs: key-ordered {Rates(ordered)}, unordered {Rates(unordered)})";
        Console.WriteLine($"k: {rates}");
        Check("key-ordered throughput is at least 50% of the same workload without key ordering",
            ordered.Concat(unordered).All(r => r.Tally.Complete) && ratio >= 0.5, $"{rates}; unordered: {string.Join(" | ", unordered.Select(r => r.Tally))}");
    }

    private static string Rates(List<KeyedWorkload> runs) => string.Join(", ", runs.Select(r => $"{r.RecordsPerSecond:0}/s in {r.Tally.Elapsed.TotalSeconds:0.00} s"));

    /// <summary>Deliveries of a key whose [received, acknowledgement sent] interval overlaps that of another consumer.</summary>
    private static List<string> Overlaps(List<KeyedDelivery> deliveries)
    {
        var found = new List<string>();
        foreach (var key in deliveries.GroupBy(d => d.Key))
        {
            // The latest acknowledgement so far of each consumer that had this key.
            var heldUntil = new Dictionary<int, KeyedDelivery>();
            foreach (KeyedDelivery d in key.OrderBy(d => d.ReceivedAt))
            {
                if (heldUntil.Values.FirstOrDefault(o => o.Consumer != d.Consumer && o.AckSentAt > d.ReceivedAt) is KeyedDelivery other)
                {
                    found.Add($"key {d.Key}: k{other.Consumer} had offset {other.Offset} until {AcknowledgeLoop.Ms(other.AckSentAt - d.ReceivedAt):0.0} ms after k{d.Consumer} received offset {d.Offset}");
                }
                if (!heldUntil.TryGetValue(d.Consumer, out var last) || last.AckSentAt < d.AckSentAt)
                {
                    heldUntil[d.Consumer] = d;
                }
            }
        }
        return found;
    }

    /// <summary>Keys whose confirmed acknowledgements of one partition do not follow offset order.</summary>
    private static List<string> OutOfOrder(List<KeyedDelivery> deliveries)
    {
        var found = new List<string>();
        foreach (var keyPartition in deliveries.Where(d => d.Confirmed).GroupBy(d => (d.Key, d.Partition)))
        {
            var acked = keyPartition.OrderBy(d => d.AckSentAt).ThenBy(d => d.Offset).ToList();
            for (int i = 1; i < acked.Count; i++)
            {
                if (acked[i].Offset <= acked[i - 1].Offset)
                {
                    found.Add($"key {keyPartition.Key.Key}[{keyPartition.Key.Partition}]: offset {acked[i].Offset} (k{acked[i].Consumer}) acknowledged after {acked[i - 1].Offset} (k{acked[i - 1].Consumer})");
                    break;
                }
            }
        }
        return found;
    }
}
