using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.EveryVersion;

/// <summary>ElectLeaders on a single node: the only replica already leads, so no election is needed.</summary>
internal static class ElectLeadersProbes
{
    public static async Task ElectLeadersProbe(ProbeContext context, short version)
    {
        string name = context.UniqueName("elect", version);
        Assert.False(context.Kafka.CreateTopic(new Topics.TopicSpec(name, 1, 1, [])).Error.IsError);
        var request = new ElectLeadersRequest { ElectionType = 0, TimeoutMs = 5000 };
        request.TopicPartitions!.Add(new() { Topic = name, Partitions = [0] });

        var response = await context.SendAsync<ElectLeadersResponse>(ElectLeadersRequest.ApiKey, version, request);

        Assert.Equal(0, response.ErrorCode);
        var topic = Assert.Single(response.ReplicaElectionResults);
        Assert.Equal(name, topic.Topic);
        var partition = Assert.Single(topic.PartitionResult);
        Assert.Equal((short)ErrorCode.ElectionNotNeeded, partition.ErrorCode);
    }
}
