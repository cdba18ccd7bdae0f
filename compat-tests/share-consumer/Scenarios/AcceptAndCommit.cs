using KafkaNet.Compat.ShareConsumer.Harness;

namespace KafkaNet.Compat.ShareConsumer.Scenarios;

/// <summary>(a) One consumer accepts every record of a two-partition topic and commits; the group then has nothing
/// left to give a new member.</summary>
internal sealed class AcceptAndCommit(TestCluster cluster, Checks checks) : Scenario(cluster, checks)
{
    public override string Name => "a";

    public override async Task RunAsync()
    {
        string topic = await Cluster.CreateTopicAsync("share-a", 2);
        string group = topic + "-group";
        using ShareConsumer c1 = Cluster.NewConsumer("c1", group, "explicit");
        c1.Subscribe(topic);
        string start = await StartGroupAsync(group, c1);
        var produced = (await Cluster.ProduceAsync(topic, 0, "a-p0", 10)).Concat(await Cluster.ProduceAsync(topic, 1, "a-p1", 10)).ToHashSet();

        Poller.PollUntil([c1], RecordAndAccept, () => Log.DistinctValues.IsSupersetOf(produced), ReceiveTimeout);
        string partitions = "partitions [" + string.Join(",", Log.Records.Select(r => r.Partition).Distinct().Order()) + "]";
        Check("one share consumer receives the 20 records of a 2-partition topic", Log.DistinctValues.SetEquals(produced), Seen($"{start}; {partitions}"));
        Check("each record is delivered once, with delivery count 1", Log.Count == produced.Count && Log.DeliveryCounts() is [1], Seen(partitions));

        CommitOutcome commit = c1.CommitSync(CommitTimeout);
        Check("rd_kafka_share_commit_sync of the acceptances reports NO_ERROR", commit.Succeeded && commit.Partitions.Count > 0, Seen(commit.ToString()));
        string closed = Close(c1);
        await CheckLateConsumerGetsOnlyNewRecordAsync("a consumer joining afterwards is given only a record produced after the commit", topic, group, 0, closed);
    }
}
