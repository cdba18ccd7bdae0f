using System.Diagnostics;
using KafkaNet.Compat.ShareConsumer.Harness;

namespace KafkaNet.Compat.ShareConsumer.Scenarios;

/// <summary>
/// (q) The queue contract at volume: 100,000 records of a 2-partition topic, 4 share consumers each in a process
/// of its own, every record accepted exactly once. Two workers stop mid-queue holding a batch unacknowledged:
/// w0 is killed with SIGKILL, so its connection closes and, as in Kafka, the broker releases its records at once;
/// w1 is frozen with SIGSTOP, its connection open, so its records come back only when their lock expires. The
/// others take both batches over.
/// </summary>
internal sealed class QueueContract(TestCluster cluster, Checks checks) : Scenario(cluster, checks)
{
    private const int Records = 100_000;
    private const int Workers = 4;
    private const int HoldAfter = 3000;
    private const int LockMs = 15_000;

    /// <summary>A held batch is received a little after the broker acquired it (one fetch response), so a
    /// redelivery can follow its receipt by slightly less than the lock.</summary>
    private const int ReceiptAllowanceMs = 1000;

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public override string Name => "q";

    public override async Task RunAsync()
    {
        string topic = await Cluster.CreateTopicAsync("share-q", 2);
        string group = topic + "-group";
        string? refused = await Cluster.SetGroupConfigsAsync(group, new Dictionary<string, string>
        {
            ["share.auto.offset.reset"] = "earliest",
            ["share.record.lock.duration.ms"] = LockMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        Check($"the group takes share.record.lock.duration.ms={LockMs}", refused is null, refused ?? "set");
        if (refused is not null)
        {
            return;
        }
        BulkProducer.ProduceNumbered(Cluster.Bootstrap, topic, Records, 2);

        string dir = Directory.CreateTempSubdirectory("share-q-").FullName;
        var workers = new List<WorkerProcess>();
        try
        {
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < Workers; i++)
            {
                workers.Add(WorkerProcess.Start(Cluster.Bootstrap, group, topic, Path.Combine(dir, $"w{i}.log"), i < 2 ? HoldAfter : null));
            }
            var run = new QueueRun(workers.Select((w, i) => new WorkerLog($"w{i}", w.LogFile)).ToList(), Records);
            string killed = "w0 not killed", frozen = "w1 not frozen";
            while (clock.Elapsed < Timeout && !run.Tally.Complete)
            {
                await Task.Delay(200);
                run.Refresh();
                if (killed == "w0 not killed" && run.HeldBy("w0").Count > 0 && !workers[0].HasExited)
                {
                    workers[0].Kill();
                    killed = $"w0 killed holding {run.HeldBy("w0").Count}";
                }
                if (frozen == "w1 not frozen" && run.HeldBy("w1").Count > 0 && !workers[1].HasExited && workers[1].Freeze())
                {
                    frozen = $"w1 frozen holding {run.HeldBy("w1").Count}";
                }
            }
            TimeSpan elapsed = clock.Elapsed;
            foreach (WorkerProcess worker in workers.Skip(2))
            {
                worker.Stop(TimeSpan.FromSeconds(15));
            }
            run.Refresh();
            Console.WriteLine($"q: {run.Tally.Distinct} of {Records} records accepted by {Workers} worker processes in {elapsed.TotalSeconds:0.0} s " +
                $"({run.Tally.Distinct / elapsed.TotalSeconds:0} records/s, including a {LockMs / 1000} s lock expiry)");
            Check($"every one of the {Records} values is accepted exactly once across the worker processes", run.Tally.ExactlyOnce, run.Describe());
            Check($"all {Workers} workers accept records (more consumers than partitions)",
                run.AcceptedBy.Count == Workers && run.AcceptedBy.Values.All(n => n > 0), run.Describe());
            CheckTakenOver(run, "w0", killed, "before their lock expired: the killed worker's connection closed", gap => gap < LockMs - ReceiptAllowanceMs);
            CheckTakenOver(run, "w1", frozen, $"not before their {LockMs / 1000} s lock expired (allowing {ReceiptAllowanceMs} ms for the held batch's receipt)",
                gap => gap >= LockMs - ReceiptAllowanceMs);
        }
        finally
        {
            foreach (WorkerProcess worker in workers)
            {
                worker.Dispose();
            }
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Every record <paramref name="holder"/> held is accepted by another worker with a delivery count of at
    /// least 2, each <paramref name="when"/> (given the milliseconds from its hold to its redelivery's receipt).</summary>
    private void CheckTakenOver(QueueRun run, string holder, string stopped, string whenText, Func<double, bool> when)
    {
        IReadOnlyList<WorkerLine> held = run.HeldBy(holder);
        ILookup<int, WorkerLine> acceptances = run.Accepted.ToLookup(a => a.Value);
        var later = held.Select(h => (Held: h, Later: acceptances[h.Value].FirstOrDefault(a => a.Worker != holder))).Where(l => l.Later is not null).ToList();
        var gaps = later.Select(l => AcknowledgeLoop.Ms(l.Later!.ReceivedAt - l.Held.ReceivedAt)).ToList();
        bool allTaken = held.Count > 0 && later.Count == held.Count;
        string seen = $"{stopped}; {later.Count} accepted by another worker, delivery counts [{string.Join(",", later.Select(l => l.Later!.DeliveryCount).Distinct().Order())}], " +
            $"received {(gaps.Count == 0 ? "-" : $"{gaps.Min() / 1000:0.00}..{gaps.Max() / 1000:0.00}")} s after they were held";
        Check($"every record {holder} held is accepted by another worker with delivery count >= 2", allTaken && later.All(l => l.Later!.DeliveryCount >= 2), seen);
        Check($"{holder}'s records are redelivered {whenText}", allTaken && gaps.All(when), seen);
    }
}
