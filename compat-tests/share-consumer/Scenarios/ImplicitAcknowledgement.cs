using KafkaNet.Compat.ShareConsumer.Harness;
using KafkaNet.Compat.ShareConsumer.Native;

namespace KafkaNet.Compat.ShareConsumer.Scenarios;

/// <summary>(e) share.acknowledgement.mode=implicit: records a poll returned are accepted by the next poll, without
/// acknowledge calls (which implicit mode refuses).</summary>
internal sealed class ImplicitAcknowledgement(TestCluster cluster, Checks checks) : Scenario(cluster, checks)
{
    public override string Name => "e";

    public override async Task RunAsync()
    {
        string topic = await Cluster.CreateTopicAsync("share-e", 1);
        string group = topic + "-group";
        using ShareConsumer c1 = Cluster.NewConsumer("c1", group, "implicit");
        c1.Subscribe(topic);
        string start = await StartGroupAsync(group, c1);
        var produced = (await Cluster.ProduceAsync(topic, 0, "e", 10)).ToHashSet();

        string? refusal = null;
        Poller.PollUntil([c1], (consumer, records) =>
        {
            Record(consumer, records);
            refusal ??= consumer.Acknowledge(records[0], AcknowledgeType.Accept) ?? "NO_ERROR";
        }, () => Log.DistinctValues.IsSupersetOf(produced), ReceiveTimeout);
        Check("an implicit-mode consumer receives the 10 records", Log.DistinctValues.SetEquals(produced) && Log.Count == produced.Count, Seen(start));
        Check("rd_kafka_share_acknowledge_type in implicit mode is refused with _STATE", refusal == "_STATE", Seen($"acknowledge returned {refusal ?? "(not called: no records)"}"));

        // The poll after the one that returned the records sends their acceptance.
        ShareBatch next = c1.Poll(TimeSpan.FromSeconds(1));
        Poller.Remember(c1, next.Error);
        string closed = Close(c1);
        await CheckLateConsumerGetsOnlyNewRecordAsync("polled again, they are accepted: a consumer joining afterwards is given only a newer record", topic, group, 0, $"next poll gave {next.Records.Count}; {closed}");
    }
}
