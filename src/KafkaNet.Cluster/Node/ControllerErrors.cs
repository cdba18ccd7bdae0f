using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Cluster.Node;

// NOT_CONTROLLER as each controller response carries it: top level, or per topic/resource.
internal static class ControllerErrors
{
    private const short NotController = (short)ErrorCode.NotController;
    private const short NotLeader = (short)ErrorCode.NotLeaderOrFollower;

    public static bool SaysNotController(IKafkaMessage response) => response switch
    {
        BrokerRegistrationResponse r => r.ErrorCode == NotController,
        BrokerHeartbeatResponse r => r.ErrorCode == NotController,
        AlterPartitionResponse r => r.ErrorCode == NotController,
        AllocateProducerIdsResponse r => r.ErrorCode == NotController,
        ElectLeadersResponse r => r.ErrorCode == NotController,
        // The quorum's own requests answer as Kafka's Raft layer does, with NOT_LEADER_OR_FOLLOWER.
        AddRaftVoterResponse r => r.ErrorCode is NotController or NotLeader,
        RemoveRaftVoterResponse r => r.ErrorCode is NotController or NotLeader,
        CreateTopicsResponse r => r.Topics.Any(t => t.ErrorCode == NotController),
        DeleteTopicsResponse r => r.Responses.Any(t => t.ErrorCode == NotController),
        CreatePartitionsResponse r => r.Results.Any(t => t.ErrorCode == NotController),
        AlterConfigsResponse r => r.Responses.Any(t => t.ErrorCode == NotController),
        IncrementalAlterConfigsResponse r => r.Responses.Any(t => t.ErrorCode == NotController),
        AlterClientQuotasResponse r => r.Entries.Any(t => t.ErrorCode == NotController),
        CreateAclsResponse r => r.Results.Any(t => t.ErrorCode == NotController),
        DeleteAclsResponse r => r.FilterResults.Any(t => t.ErrorCode == NotController),
        AlterUserScramCredentialsResponse r => r.Results.Any(t => t.ErrorCode == NotController),
        _ => false,
    };
}
