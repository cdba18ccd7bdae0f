using System.Diagnostics;
using KafkaNet.Compat.ShareConsumer.Harness;

namespace KafkaNet.Compat.ShareConsumer.Scenarios;

/// <summary>(f) A consumer closed while it holds unacknowledged records gives them up: another consumer is given
/// them well before their acquisition lock (30 s by default) would have expired.</summary>
internal sealed class CloseReleasesHeldRecords(TestCluster cluster, Checks checks) : Scenario(cluster, checks)
{
    public override string Name => "f";

    public override async Task RunAsync()
    {
        string topic = await Cluster.CreateTopicAsync("share-f", 1);
        string group = topic + "-group";
        using ShareConsumer c1 = Cluster.NewConsumer("c1", group, "explicit");
        c1.Subscribe(topic);
        string start = await StartGroupAsync(group, c1);
        var produced = (await Cluster.ProduceAsync(topic, 0, "f", 5)).ToHashSet();

        Poller.PollUntil([c1], Record, () => Log.DistinctValues.IsSupersetOf(produced), ReceiveTimeout);
        int held = Log.Count;
        var sinceClose = Stopwatch.StartNew();
        string closed = Close(c1);

        using ShareConsumer c2 = Cluster.NewConsumer("c2", group, "explicit");
        c2.Subscribe(topic);
        Poller.PollUntil([c2], RecordAndAccept, () => Log.CountFor("c2") >= produced.Count, WithinRecordLock);
        var again = Log.Records.Skip(held).ToList();
        string seen = $"{start}; c1 held {held}; {closed}; c2 given {again.Count} within {sinceClose.Elapsed.TotalSeconds:0.0} s, delivery counts [{string.Join(",", again.Select(r => r.DeliveryCount))}]";
        Check("records held by a closed consumer are given to another consumer", held == produced.Count && again.Select(r => r.Value).ToHashSet().SetEquals(produced), Seen(seen));
        Check("with a higher delivery count", held == produced.Count && again.Count == produced.Count && again.All(r => r.DeliveryCount > 1), Seen(seen));
        c2.CommitSync(CommitTimeout);
        Close(c2);
    }
}
