using KafkaNet.Compat.ShareConsumer.Harness;
using KafkaNet.Compat.ShareConsumer.Native;

namespace KafkaNet.Compat.ShareConsumer.Scenarios;

/// <summary>
/// (b) Two consumers of one group share a single partition. c1 holds its first batch unacknowledged while c2
/// polls, so c2 can only be given records c1 does not hold; then both accept everything.
/// </summary>
internal sealed class TwoConsumersShareAPartition(TestCluster cluster, Checks checks) : Scenario(cluster, checks)
{
    private const int Records = 40;
    private const int MaxPollRecords = 5;

    public override string Name => "b";

    public override async Task RunAsync()
    {
        string topic = await Cluster.CreateTopicAsync("share-b", 1);
        string group = topic + "-group";
        using ShareConsumer c1 = Cluster.NewConsumer("c1", group, "explicit", MaxPollRecords);
        using ShareConsumer c2 = Cluster.NewConsumer("c2", group, "explicit", MaxPollRecords);
        c1.Subscribe(topic);
        c2.Subscribe(topic);
        string start = await StartGroupAsync(group, c1, c2);
        var produced = (await Cluster.ProduceAsync(topic, 0, "b", Records)).ToHashSet();

        Poller.PollUntil([c1], Record, () => Log.CountFor("c1") > 0, ReceiveTimeout);
        var held = Log.Records.ToList();
        Poller.PollUntil([c2], RecordAndAccept, () => Log.CountFor("c2") > 0, WithinRecordLock);
        foreach (ShareRecord record in held)
        {
            Acknowledge(c1, record, AcknowledgeType.Accept);
        }
        Poller.PollUntil([c1, c2], RecordAndAccept, () => Log.DistinctValues.IsSupersetOf(produced), ReceiveTimeout);

        string split = $"{start}; c1 held {held.Count}, c1 given {Log.CountFor("c1")}, c2 given {Log.CountFor("c2")}";
        Check($"two consumers of one group are both given records of one partition's {Records}", Log.DistinctValues.SetEquals(produced) && Log.CountFor("c1") > 0 && Log.CountFor("c2") > 0, Seen(split));
        Check("no record is given twice", Log.DistinctValues.SetEquals(produced) && Log.Repeated().Count == 0, Seen("repeated [" + string.Join(",", Log.Repeated().Take(10)) + "]"));

        CommitOutcome commit1 = c1.CommitSync(CommitTimeout);
        CommitOutcome commit2 = c2.CommitSync(CommitTimeout);
        string closed = $"c1 {commit1}, c2 {commit2}; {Close(c1)}; {Close(c2)}";
        await CheckLateConsumerGetsOnlyNewRecordAsync("all were accepted: a consumer joining afterwards is given only a newer record", topic, group, 0, closed);
    }
}
