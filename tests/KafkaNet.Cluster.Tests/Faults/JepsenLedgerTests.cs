using Confluent.Kafka.Admin;
using Xunit.Abstractions;

namespace KafkaNet.Cluster.Tests.Faults;

/// <summary>
/// Producers keep a ledger of acknowledged records while a nemesis kills and pauses leaders and the active controller of
/// three server processes; afterwards nothing acknowledged is missing or moved, and all replicas hold the same log.
/// </summary>
[Collection(ProcessClusterCollection.Name)]
[Trait("Category", "Faults")]
[Trait("Category", "Soak")]
public sealed class JepsenLedgerTests(ITestOutputHelper output)
{
    private const string Topic = "ledger";
    private const int Partitions = 3;
    private const int Faults = 51;
    private static readonly TimeSpan NemesisBudget = TimeSpan.FromSeconds(300);
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Every_acknowledged_record_survives_kills_and_pauses_at_its_offset_and_replicas_agree_below_the_high_watermark()
    {
        await using var cluster = await ProcessCluster.StartAsync();
        await QuorumLossTests.CreateAsync(cluster, Topic, Partitions, 3, "2");
        await cluster.UntilAsync(() => cluster.FullyInSync(Topic), "the topic is fully in sync", TimeSpan.FromSeconds(30));

        var producers = new[] { new LedgerProducer(cluster.Bootstrap, Topic, Partitions, 0), new LedgerProducer(cluster.Bootstrap, Topic, Partitions, 10_000_000) };
        var nemesis = new Nemesis(cluster, Topic, Partitions);
        using (var stop = new CancellationTokenSource())
        {
            var writing = producers.Select(p => Task.Run(() => p.RunAsync(stop.Token, TimeSpan.FromSeconds(70)))).ToList();
            try
            {
                await Task.Delay(1000);
                await nemesis.RunAsync(Faults, NemesisBudget);
            }
            finally
            {
                output.WriteLine($"faults applied: {nemesis.Applied.Count} ({string.Join(", ", nemesis.Counts.Select(c => $"{c.Key} {c.Value}"))})");
                foreach (string line in nemesis.Applied)
                    output.WriteLine(line);
                if (nemesis.Stuck is not null)
                    output.WriteLine("stuck: " + nemesis.Stuck);
                await Task.Delay(1000);
                await stop.CancelAsync();
                await Task.WhenAll(writing);
            }
        }
        foreach (var p in producers)
            output.WriteLine($"producer: sent {p.Sent}, acknowledged {p.Acknowledged.Count}, failed {p.Failed}, fatal {p.FatalErrors} [{string.Join(", ", p.Errors)}]");
        var ledger = producers.SelectMany(p => p.Acknowledged).ToDictionary(e => e.Key, e => e.Value);
        Assert.NotEmpty(ledger);
        var problems = new List<string>();
        if (nemesis.Stuck is not null)
            problems.Add("heal: " + nemesis.Stuck);
        else if (nemesis.Applied.Count < 50)
            problems.Add($"heal: only {nemesis.Applied.Count} faults fit in the time budget");
        // The checks run even when the cluster did not heal, so a loss shows as the records it concerns.
        try
        {
            await cluster.UntilAsync(() => cluster.FullyInSync(Topic), "the topic is fully in sync after the faults", TimeSpan.FromSeconds(nemesis.Stuck is null ? 45 : 5));
        }
        catch (TimeoutException e)
        {
            problems.Add("heal: " + e.Message);
        }

        // Two acknowledgements at one offset would mean an acknowledged record was overwritten.
        foreach (var clash in ledger.GroupBy(e => (e.Value.Partition.Value, e.Value.Offset.Value)).Where(g => g.Count() > 1))
            problems.Add($"clash: partition {clash.Key.Item1} offset {clash.Key.Item2} acknowledged for values {string.Join(",", clash.Select(e => e.Key))}");

        for (int partition = 0; partition < Partitions; partition++)
        {
            long hw = PartitionReader.HighWatermark(cluster.Bootstrap, Topic, partition);
            var first = PartitionReader.ReadAll(cluster.Bootstrap, Topic, partition, hw, ReadTimeout);
            var second = PartitionReader.ReadAll(cluster.Bootstrap, Topic, partition, hw, ReadTimeout);
            output.WriteLine($"partition {partition}: high watermark {hw}, {first.Count} records read");
            CheckOneOrder(partition, first, second, problems);
            var byOffset = first.ToDictionary(r => r.Offset, r => r.Value);
            foreach (var (value, at) in ledger.Where(e => e.Value.Partition.Value == partition))
            {
                if (!byOffset.TryGetValue(at.Offset.Value, out int found))
                    problems.Add($"missing: acknowledged value {value} at partition {partition} offset {at.Offset.Value} is missing (high watermark {hw})");
                else if (found != value)
                    problems.Add($"moved: acknowledged value {value} at partition {partition} offset {at.Offset.Value} reads back as {found}");
            }
            foreach (var dup in first.GroupBy(r => r.Value).Where(g => g.Count() > 1))
                problems.Add($"duplicate: value {dup.Key} appears {dup.Count()} times in partition {partition} at offsets {string.Join(",", dup.Select(r => r.Offset))}");
            CompareReplicaFiles(cluster, partition, hw, problems);
        }
        foreach (var kind in problems.GroupBy(p => p[..p.IndexOf(':', StringComparison.Ordinal)]))
        {
            output.WriteLine($"{kind.Key}: {kind.Count()} problems");
            foreach (string problem in kind.Take(8))
                output.WriteLine("  " + problem);
        }
        Assert.True(problems.Count == 0, $"{problems.Count} problems, first: {problems.FirstOrDefault()} (node logs under {cluster.Root})");
        cluster.KeepFiles = false;
    }

    private static void CheckOneOrder(int partition, List<(long Offset, int Value)> first, List<(long Offset, int Value)> second, List<string> problems)
    {
        for (int i = 1; i < first.Count; i++)
        {
            if (first[i].Offset <= first[i - 1].Offset)
                problems.Add($"order: partition {partition}: offset {first[i].Offset} read after {first[i - 1].Offset}");
        }
        if (!first.SequenceEqual(second))
            problems.Add($"order: partition {partition}: two consumers read different sequences ({first.Count} and {second.Count} records)");
    }

    /// <summary>
    /// Reads the partition's segment files on every node (the nodes are idle and in sync, so the batches below the high
    /// watermark are on disk and final) and requires byte-identical batches, covering every offset below the watermark.
    /// </summary>
    private static void CompareReplicaFiles(ProcessCluster cluster, int partition, long hw, List<string> problems)
    {
        var logs = cluster.Nodes.Select(n => (n.NodeId, Batches: ReplicaLogFiles.BatchesBelow(n.DataDirectory, Topic, partition, hw))).ToList();
        foreach (var (nodeId, batches) in logs)
        {
            long end = batches.Count == 0 ? 0 : batches[^1].LastOffset + 1;
            if (hw > 0 && end < hw)
                problems.Add($"replicas: partition {partition}: node {nodeId}'s files end at {end}, below the high watermark {hw}");
        }
        var reference = logs[0];
        foreach (var other in logs.Skip(1))
        {
            int common = Math.Min(reference.Batches.Count, other.Batches.Count);
            int diverged = Enumerable.Range(0, common).FirstOrDefault(i =>
                reference.Batches[i].BaseOffset != other.Batches[i].BaseOffset || !reference.Batches[i].Bytes.AsSpan().SequenceEqual(other.Batches[i].Bytes), -1);
            if (diverged >= 0)
                problems.Add($"replicas: partition {partition}: nodes {reference.NodeId} and {other.NodeId} diverge at batch {diverged} (base offsets {reference.Batches[diverged].BaseOffset} and {other.Batches[diverged].BaseOffset}) below the high watermark {hw}");
            else if (reference.Batches.Count != other.Batches.Count)
                problems.Add($"replicas: partition {partition}: node {reference.NodeId} has {reference.Batches.Count} batches below {hw}, node {other.NodeId} {other.Batches.Count}");
        }
    }
}
