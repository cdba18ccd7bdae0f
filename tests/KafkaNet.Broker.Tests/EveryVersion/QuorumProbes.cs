using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.EveryVersion;

/// <summary>
/// DescribeQuorum on a single node: it is the metadata quorum's only voter, and its leader. Its quorum is static
/// (kraft.version 0), so voter changes get Kafka's UNSUPPORTED_VERSION and change nothing; a dynamic quorum's are
/// tested in KafkaNet.Cluster.Tests (DynamicQuorumTests).
/// </summary>
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

    public static async Task AddRaftVoterProbe(ProbeContext context, short version)
    {
        var request = new AddRaftVoterRequest { ClusterId = context.Kafka.Broker.ClusterId, TimeoutMs = 5000, VoterId = 77, VoterDirectoryId = Guid.NewGuid() };
        request.Listeners.Add(new() { Name = "CONTROLLER", Host = "127.0.0.1", Port = 9 });

        var response = await context.SendAsync<AddRaftVoterResponse>(AddRaftVoterRequest.ApiKey, version, request);

        Assert.Equal((short)KafkaNet.Protocol.ErrorCode.UnsupportedVersion, response.ErrorCode);
        Assert.Contains("kraft.version", response.ErrorMessage);
        await AssertOnlyVoterAsync(context);
    }

    public static async Task RemoveRaftVoterProbe(ProbeContext context, short version)
    {
        var request = new RemoveRaftVoterRequest { ClusterId = context.Kafka.Broker.ClusterId, VoterId = context.Kafka.Broker.Options.NodeId };

        var response = await context.SendAsync<RemoveRaftVoterResponse>(RemoveRaftVoterRequest.ApiKey, version, request);

        Assert.Equal((short)KafkaNet.Protocol.ErrorCode.UnsupportedVersion, response.ErrorCode);
        Assert.Contains("kraft.version", response.ErrorMessage);
        await AssertOnlyVoterAsync(context);
    }

    private static Task AssertOnlyVoterAsync(ProbeContext context) => DescribeQuorumProbe(context, 2);
}
