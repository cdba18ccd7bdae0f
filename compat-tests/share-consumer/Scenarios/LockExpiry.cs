using System.Diagnostics;
using KafkaNet.Compat.ShareConsumer.Harness;

namespace KafkaNet.Compat.ShareConsumer.Scenarios;

/// <summary>
/// (l) A consumer that holds records unacknowledged and stays connected (it just stops polling) keeps them for the
/// group's share.record.lock.duration.ms: another consumer of the group is given them only once the lock expired,
/// with a higher delivery count.
/// </summary>
internal sealed class LockExpiry(TestCluster cluster, Checks checks) : Scenario(cluster, checks)
{
    private const int LockMs = 15_000;

    /// <summary>The hold is timed from when the poll returned, a little after the broker acquired the records.</summary>
    private const int ReceiptAllowanceMs = 1000;

    public override string Name => "l";

    public override bool NeedsGroupConfigs => true;

    public override async Task RunAsync()
    {
        string topic = await Cluster.CreateTopicAsync("share-l", 1);
        string group = topic + "-group";
        if (!await ConfigureGroupAsync(group, LockDuration(LockMs)))
        {
            return;
        }
        using ShareConsumer c1 = Cluster.NewConsumer("c1", group, "explicit");
        using ShareConsumer c2 = Cluster.NewConsumer("c2", group, "explicit");
        c1.Subscribe(topic);
        var produced = (await Cluster.ProduceAsync(topic, 0, "l", 5)).ToHashSet();

        Poller.PollUntil([c1], Record, () => Log.DistinctValues.IsSupersetOf(produced), ReceiveTimeout);
        var sinceHeld = Stopwatch.StartNew();
        int held = Log.Count;
        // c1 stays connected (librdkafka heartbeats in the background) but neither polls nor acknowledges.
        c2.Subscribe(topic);
        double after = double.NaN;
        Poller.PollUntil([c2], (consumer, records) =>
        {
            after = double.IsNaN(after) ? sinceHeld.Elapsed.TotalMilliseconds : after;
            RecordAndAccept(consumer, records);
        }, () => Log.CountFor("c2") >= produced.Count, TimeSpan.FromMilliseconds(LockMs * 2));
        var again = Log.Records.Skip(held).ToList();
        string seen = $"c1 held {held}; c2 given {again.Count} {after / 1000:0.00} s later, delivery counts [{string.Join(",", again.Select(r => r.DeliveryCount))}]";
        Check("records held by a connected consumer that stopped polling are given to another consumer, with a higher delivery count",
            held == produced.Count && again.Select(r => r.Value).ToHashSet().SetEquals(produced) && again.All(r => r.DeliveryCount >= 2), Seen(seen));
        Check($"not before their {LockMs / 1000} s lock expired (allowing {ReceiptAllowanceMs} ms for the receipt)",
            again.Count > 0 && after >= LockMs - ReceiptAllowanceMs, Seen(seen));
        c2.CommitSync(CommitTimeout);
        Close(c2);
        Close(c1);
    }
}
