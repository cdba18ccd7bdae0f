using KafkaNet.Compat.ShareConsumer.Harness;
using KafkaNet.Compat.ShareConsumer.Native;

namespace KafkaNet.Compat.ShareConsumer.Scenarios;

/// <summary>(d) A rejected record is never delivered again: the consumer polls until a record produced later has
/// come, and the rejected one has not come back by then.</summary>
internal sealed class RejectArchives(TestCluster cluster, Checks checks) : Scenario(cluster, checks)
{
    private const string Rejected = "d-0";

    public override string Name => "d";

    public override async Task RunAsync()
    {
        string topic = await Cluster.CreateTopicAsync("share-d", 1);
        string group = topic + "-group";
        using ShareConsumer c1 = Cluster.NewConsumer("c1", group, "explicit");
        c1.Subscribe(topic);
        string start = await StartGroupAsync(group, c1);
        var produced = (await Cluster.ProduceAsync(topic, 0, "d", 5)).ToHashSet();

        Poller.PollUntil([c1], RejectFirstAcceptRest, () => Log.DistinctValues.IsSupersetOf(produced), ReceiveTimeout);
        CommitOutcome commit = c1.CommitSync(CommitTimeout);
        Check("rd_kafka_share_commit_sync of a rejection and acceptances reports NO_ERROR", Log.DistinctValues.SetEquals(produced) && commit.Succeeded && commit.Partitions.Count > 0, Seen($"{start}; {commit}"));

        string later = (await Cluster.ProduceAsync(topic, 0, "d-later", 1))[0];
        Poller.PollUntil([c1], RecordAndAccept, () => Log.DistinctValues.Contains(later), ReceiveTimeout);
        c1.CommitSync(CommitTimeout);
        int rejectedDeliveries = Log.DeliveriesOf(Rejected).Count;
        Check("a rejected record is not delivered again, up to a record produced later",
            Log.DistinctValues.Contains(later) && rejectedDeliveries == 1,
            Seen($"{Rejected} delivered {rejectedDeliveries} times, {later} {(Log.DistinctValues.Contains(later) ? "delivered" : "not delivered")}"));
        Close(c1);
    }

    private void RejectFirstAcceptRest(ShareConsumer consumer, IReadOnlyList<ShareRecord> records)
    {
        Record(consumer, records);
        foreach (ShareRecord record in records)
        {
            Acknowledge(consumer, record, record.Value == Rejected ? AcknowledgeType.Reject : AcknowledgeType.Accept);
        }
    }
}
