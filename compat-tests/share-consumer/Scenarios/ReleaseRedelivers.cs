using KafkaNet.Compat.ShareConsumer.Harness;
using KafkaNet.Compat.ShareConsumer.Native;

namespace KafkaNet.Compat.ShareConsumer.Scenarios;

/// <summary>(c) A released record is delivered again, with a higher delivery count; the accepted ones are not.</summary>
internal sealed class ReleaseRedelivers(TestCluster cluster, Checks checks) : Scenario(cluster, checks)
{
    public override string Name => "c";

    public override async Task RunAsync()
    {
        string topic = await Cluster.CreateTopicAsync("share-c", 1);
        string group = topic + "-group";
        using ShareConsumer c1 = Cluster.NewConsumer("c1", group, "explicit");
        using ShareConsumer c2 = Cluster.NewConsumer("c2", group, "explicit");
        c1.Subscribe(topic);
        string start = await StartGroupAsync(group, c1);
        var produced = (await Cluster.ProduceAsync(topic, 0, "c", 5)).ToHashSet();
        const string released = "c-0";

        Poller.PollUntil([c1], ReleaseFirstAcceptRest, () => Log.DistinctValues.IsSupersetOf(produced), ReceiveTimeout);
        CommitOutcome commit = c1.CommitSync(CommitTimeout);
        // The released record may go to either member.
        c2.Subscribe(topic);
        Poller.PollUntil([c1, c2], RecordAndAccept, () => Log.DeliveriesOf(released).Count >= 2, ReceiveTimeout);

        var deliveries = Log.DeliveriesOf(released);
        string counts = $"{start}; {commit}; {released} delivered {deliveries.Count} times, delivery counts [{string.Join(",", deliveries.Select(r => r.DeliveryCount))}]";
        Check("a released record is delivered again", deliveries.Count == 2, Seen(counts));
        Check("its delivery count goes up (1, then 2)", deliveries.Count == 2 && deliveries[0].DeliveryCount == 1 && deliveries[1].DeliveryCount == 2, Seen(counts));
        Check("the accepted records are not delivered again", deliveries.Count == 2 && Log.Repeated() is [released], Seen("repeated [" + string.Join(",", Log.Repeated()) + "]"));
        c1.CommitSync(CommitTimeout);
        c2.CommitSync(CommitTimeout);
        Close(c1);
        Close(c2);
    }

    private void ReleaseFirstAcceptRest(ShareConsumer consumer, IReadOnlyList<ShareRecord> records)
    {
        Record(consumer, records);
        foreach (ShareRecord record in records)
        {
            Acknowledge(consumer, record, record.Value == "c-0" && Log.DeliveriesOf("c-0").Count == 1 ? AcknowledgeType.Release : AcknowledgeType.Accept);
        }
    }
}
