using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.EveryVersion;

/// <summary>Probes for AlterPartitionReassignments and ListPartitionReassignments on a single node.</summary>
internal static class ReassignmentProbes
{
    public static async Task AlterPartitionReassignmentsProbe(ProbeContext context, short version)
    {
        string name = context.UniqueName("reassign", version);
        Assert.False(context.Kafka.CreateTopic(new Topics.TopicSpec(name, 1, 1, [])).Error.IsError);
        int self = context.Kafka.Broker.Options.NodeId;
        var request = new AlterPartitionReassignmentsRequest { AllowReplicationFactorChange = true };
        request.Topics.Add(new() { Name = name, Partitions = [new() { PartitionIndex = 0, Replicas = [self] }, new() { PartitionIndex = 0, Replicas = null }] });

        var response = await context.SendAsync<AlterPartitionReassignmentsResponse>(AlterPartitionReassignmentsRequest.ApiKey, version, request);

        Assert.Equal(0, response.ErrorCode);
        var topic = Assert.Single(response.Responses);
        Assert.Equal(name, topic.Name);
        Assert.Equal([(short)ErrorCode.None, (short)ErrorCode.NoReassignmentInProgress], topic.Partitions.Select(p => p.ErrorCode));
    }

    public static async Task ListPartitionReassignmentsProbe(ProbeContext context, short version)
    {
        var response = await context.SendAsync<ListPartitionReassignmentsResponse>(ListPartitionReassignmentsRequest.ApiKey, version, new ListPartitionReassignmentsRequest());

        Assert.Equal(0, response.ErrorCode);
        Assert.Empty(response.Topics);
    }
}
