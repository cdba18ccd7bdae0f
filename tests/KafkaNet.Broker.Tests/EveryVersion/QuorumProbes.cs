using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.EveryVersion;

/// <summary>DescribeQuorum on a single node: it is the metadata quorum's only voter, and its leader.</summary>
internal static class QuorumProbes
{
    public static async Task DescribeQuorumProbe(ProbeContext context, short version)
    {
        var request = new DescribeQuorumRequest();
        request.Topics.Add(new() { TopicName = "__cluster_metadata", Partitions = [new() { PartitionIndex = 0 }] });

        var response = await context.SendAsync<DescribeQuorumResponse>(DescribeQuorumRequest.ApiKey, version, request);

        Assert.Equal(0, response.ErrorCode);
        var partition = Assert.Single(Assert.Single(response.Topics).Partitions);
        int nodeId = context.Kafka.Broker.Options.NodeId;
        Assert.Equal((0, nodeId), (partition.ErrorCode, partition.LeaderId));
        Assert.True(partition.HighWatermark > 0, $"high watermark {partition.HighWatermark}");
        Assert.Equal(nodeId, Assert.Single(partition.CurrentVoters).ReplicaId);
        if (version >= 2)
        {
            Assert.Equal(nodeId, Assert.Single(response.Nodes).NodeId);
        }
    }
}
