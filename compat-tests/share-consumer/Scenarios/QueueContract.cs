using System.Diagnostics;
using KafkaNet.Compat.ShareConsumer.Harness;

namespace KafkaNet.Compat.ShareConsumer.Scenarios;

/// <summary>
/// (q) The queue contract at volume: 100,000 records of a 2-partition topic, 4 share consumers each in a process
/// of its own, every record accepted exactly once. w0 stops mid-queue holding a batch unacknowledged and is killed
/// with SIGKILL: its connection closes and, as in Kafka, the broker releases its records at once (not when their
/// lock expires; scenario l checks the lock); the other three take them over. Only one worker stops: each partition
/// goes to two of the four members, and a partition whose members are all stopped waits for their session timeout.
/// </summary>
internal sealed class QueueContract(TestCluster cluster, Checks checks) : Scenario(cluster, checks)
{
    private const int Records = 100_000;
    private const int Workers = 4;
    private const int HoldAfter = 1000;
    private const int LockMs = 15_000;

    /// <summary>A redelivery by lock expiry would come about 15 s after the hold; one within 12 s was not that.</summary>
    private const int ExpiryMarginMs = 3000;

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public override string Name => "q";

    public override bool NeedsGroupConfigs => true;

    public override async Task RunAsync()
    {
        string topic = await Cluster.CreateTopicAsync("share-q", 2);
        string group = topic + "-group";
        if (!await ConfigureGroupAsync(group, LockDuration(LockMs)))
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
                workers.Add(WorkerProcess.Start(Cluster.Bootstrap, group, topic, Path.Combine(dir, $"w{i}.log"), i == 0 ? HoldAfter : null));
            }
            var run = new QueueRun(workers.Select((w, i) => new WorkerLog($"w{i}", w.LogFile)).ToList(), Records);
            string killed = "w0 not killed";
            int heldSeen = 0;
            while (clock.Elapsed < Timeout && !run.Tally.Complete)
            {
                await Task.Delay(200);
                run.Refresh();
                // Killed once its "H" lines stopped growing: all of the held batch is logged.
                int held = run.HeldBy("w0").Count;
                if (killed == "w0 not killed" && held > 0 && held == heldSeen && !workers[0].HasExited)
                {
                    workers[0].Kill();
                    killed = $"w0 killed holding {held}";
                }
                heldSeen = held;
            }
            TimeSpan elapsed = clock.Elapsed;
            foreach (WorkerProcess worker in workers.Skip(1))
            {
                worker.Stop(TimeSpan.FromSeconds(15));
            }
            run.Refresh();
            Console.WriteLine($"q: {run.Tally.Distinct} of {Records} records accepted by {Workers} worker processes in {elapsed.TotalSeconds:0.0} s " +
                $"({run.Tally.Distinct / elapsed.TotalSeconds:0} records/s)");
            Check($"every one of the {Records} values is accepted exactly once across the worker processes", run.Tally.ExactlyOnce, run.Describe());
            Check($"all {Workers} workers accept records (more consumers than partitions)",
                run.AcceptedBy.Count == Workers && run.AcceptedBy.Values.All(n => n > 0), run.Describe());
            CheckTakenOver(run, killed);
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

    /// <summary>Every record w0 held is accepted by another worker with a delivery count of at least 2, before its
    /// lock would have expired (the lock runs from a little before the held batch was received).</summary>
    private void CheckTakenOver(QueueRun run, string killed)
    {
        const string holder = "w0";
        IReadOnlyList<WorkerLine> held = run.HeldBy(holder);
        ILookup<int, WorkerLine> acceptances = run.Accepted.ToLookup(a => a.Value);
        var later = held.Select(h => (Held: h, Later: acceptances[h.Value].FirstOrDefault(a => a.Worker != holder))).Where(l => l.Later is not null).ToList();
        var gaps = later.Select(l => AcknowledgeLoop.Ms(l.Later!.ReceivedAt - l.Held.ReceivedAt)).ToList();
        bool allTaken = held.Count > 0 && later.Count == held.Count;
        string seen = $"{killed}; {later.Count} accepted by another worker, delivery counts [{string.Join(",", later.Select(l => l.Later!.DeliveryCount).Distinct().Order())}], " +
            $"received {(gaps.Count == 0 ? "-" : $"{gaps.Min() / 1000:0.00}..{gaps.Max() / 1000:0.00}")} s after they were held";
        Check($"every record {holder} held is accepted by another worker with delivery count >= 2", allTaken && later.All(l => l.Later!.DeliveryCount >= 2), seen);
        Check($"they are redelivered within {(LockMs - ExpiryMarginMs) / 1000} s, before their {LockMs / 1000} s lock would expire: the killed worker's connection closed",
            allTaken && gaps.All(g => g < LockMs - ExpiryMarginMs), seen);
    }
}
