// DescribeQuorum (key 55), versions 0-2: the metadata quorum (__cluster_metadata-0) as this voter sees it, with the
// brokers that follow the log without voting as observers. A broker without the controller role forwards it to the
// active controller. The leader reports each voter's log end offset and contact times (from the Raft engine's
// replication events); a voter that does not lead knows only its own.
// In a dynamic quorum the voters and nodes are the current members, with their directory ids from v2.
// Authorization: DESCRIBE on the cluster, else CLUSTER_AUTHORIZATION_FAILED.
using KafkaNet.Broker;
using KafkaNet.Broker.Handlers;
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Cluster.Observer;
using KafkaNet.Cluster.Quorum;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Cluster.Controller.Handlers;

public sealed class DescribeQuorumHandler(Func<MetadataQuorum?> quorum, IReadOnlyList<ControllerQuorumVoter> voters, string listenerName,
    MetadataLogFeed? feed = null, bool forwardWithoutQuorum = false)
    : ApiHandler<DescribeQuorumRequest, DescribeQuorumResponse>
{
    private const string MetadataTopic = "__cluster_metadata";

    public override short ApiKey => DescribeQuorumRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 2;

    protected override async ValueTask<DescribeQuorumResponse?> HandleAsync(RequestContext context, DescribeQuorumRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        if (!context.AllowsCluster(AclOperation.Describe))
        {
            return new DescribeQuorumResponse { ErrorCode = (short)ErrorCode.ClusterAuthorizationFailed };
        }
        var current = quorum();
        if (current is null && forwardWithoutQuorum && context.Broker.Controller is { } controller)
        {
            return await controller.SendAsync<DescribeQuorumResponse>(request, DescribeQuorumRequest.ApiKey, context.ApiVersion, cancellationToken).ConfigureAwait(false);
        }
        var response = new DescribeQuorumResponse();
        foreach (var topic in request.Topics)
        {
            var data = new DescribeQuorumResponse.TopicData { TopicName = topic.TopicName };
            foreach (var partition in topic.Partitions)
            {
                data.Partitions.Add(topic.TopicName == MetadataTopic && partition.PartitionIndex == 0 && current is not null
                    ? Describe(current.Describe())
                    : new DescribeQuorumResponse.PartitionData { PartitionIndex = partition.PartitionIndex, ErrorCode = (short)ErrorCode.UnknownTopicOrPartition });
            }
            response.Topics.Add(data);
        }
        foreach (var voter in current?.Voters ?? voters)
        {
            var node = new DescribeQuorumResponse.Node { NodeId = voter.NodeId };
            node.Listeners.Add(new() { Name = listenerName, Host = voter.Host, Port = checked((ushort)voter.Port) });
            response.Nodes.Add(node);
        }
        return response;
    }

    private DescribeQuorumResponse.PartitionData Describe(QuorumDescription quorum)
    {
        var data = new DescribeQuorumResponse.PartitionData
        {
            PartitionIndex = 0,
            LeaderId = quorum.LeaderId,
            LeaderEpoch = (int)quorum.LeaderEpoch,
            HighWatermark = quorum.HighWatermark,
        };
        data.CurrentVoters.AddRange(quorum.CurrentVoters.Select(ToState));
        data.Observers.AddRange(quorum.Observers.Select(ToState));
        if (feed is not null)
        {
            data.Observers.AddRange(feed.Observers().Select(o => ToState(new QuorumReplicaState(o.ReplicaId, o.LogEndOffset, o.LastFetchTimestamp, o.LastCaughtUpTimestamp))));
        }
        return data;
    }

    private static DescribeQuorumResponse.ReplicaState ToState(QuorumReplicaState s) => new()
    {
        ReplicaId = s.ReplicaId,
        LogEndOffset = s.LogEndOffset,
        LastFetchTimestamp = s.LastFetchTimestamp,
        LastCaughtUpTimestamp = s.LastCaughtUpTimestamp,
        ReplicaDirectoryId = s.DirectoryId,
    };
}
