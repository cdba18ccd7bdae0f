using KafkaNet.Broker.Metadata;
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Broker.Shares;
using KafkaNet.Broker.Shares.Fetch;
using KafkaNet.Protocol;

namespace KafkaNet.Broker.Handlers;

/// <summary>What ShareFetch and ShareAcknowledge check alike: the group and member, acknowledgement batches, and each partition.</summary>
internal static class ShareRequests
{
    /// <summary>Kafka's member ids are UUIDs in text; longer ids are refused.</summary>
    private const int MaxMemberIdLength = 36;

    /// <summary>
    /// The request-level checks, in Kafka's order: a group id (INVALID_REQUEST), READ on the group
    /// (GROUP_AUTHORIZATION_FAILED), a member id of 1 to 36 characters (INVALID_REQUEST), and a member the group knows
    /// (UNKNOWN_MEMBER_ID; every member is unknown while no group view is attached).
    /// </summary>
    public static (ErrorCode Error, string? Message, IShareGroupView? View) CheckMember(RequestContext context, string? groupId, string? memberId)
    {
        if (string.IsNullOrEmpty(groupId)) return (ErrorCode.InvalidRequest, "Invalid group id in the request.", null);
        if (!context.AllowsGroup(AclOperation.Read, groupId)) return (ErrorCode.GroupAuthorizationFailed, null, null);
        if (string.IsNullOrEmpty(memberId) || memberId.Length > MaxMemberIdLength) return (ErrorCode.InvalidRequest, "Invalid member id in the request.", null);
        var view = context.Broker.SharePartitions.View;
        if (view is null || !view.IsMember(groupId, memberId)) return (ErrorCode.UnknownMemberId, null, view);
        return (ErrorCode.None, null, view);
    }

    /// <summary>
    /// The wire's acknowledgement batches as runs of one type: AcknowledgeTypes holds one type for the whole range or
    /// one per offset. Null (INVALID_REQUEST) for another count of types or a type that does not exist in
    /// <paramref name="version"/> (Renew, 4, from v2).
    /// </summary>
    public static List<AcknowledgementBatch>? ToBatches(IEnumerable<(long FirstOffset, long LastOffset, List<sbyte> Types)> wire, short version)
    {
        var highest = version >= 2 ? AcknowledgeType.Renew : AcknowledgeType.Reject;
        var batches = new List<AcknowledgementBatch>();
        foreach (var (first, last, types) in wire)
        {
            if (types.Count == 0 || types.Exists(t => t < 0 || t > (sbyte)highest)) return null;
            if (types.Count == 1)
            {
                batches.Add(new AcknowledgementBatch(first, last, (AcknowledgeType)types[0]));
                continue;
            }
            if (last < first || last - first + 1 != types.Count) return null;
            for (int i = 0; i < types.Count; i++)
            {
                var type = (AcknowledgeType)types[i];
                if (i > 0 && batches[^1].Type == type) batches[^1] = batches[^1] with { LastOffset = first + i };
                else batches.Add(new AcknowledgementBatch(first + i, first + i, type));
            }
        }
        return batches;
    }

    /// <summary>
    /// One partition of a share request: UNKNOWN_TOPIC_ID for a topic id this broker does not know,
    /// TOPIC_AUTHORIZATION_FAILED without READ on the topic, UNKNOWN_TOPIC_OR_PARTITION for a partition it lacks, and
    /// NOT_LEADER_OR_FOLLOWER (with the leader's id and epoch) where another broker leads it.
    /// </summary>
    public static SharePartitionTarget Resolve(RequestContext context, string groupId, ShareTopicPartition partition)
    {
        var broker = context.Broker;
        var topic = broker.Topics.Find(partition.TopicId);
        if (topic is null) return SharePartitionTarget.Failed(ErrorCode.UnknownTopicId);
        if (!context.AllowsTopic(AclOperation.Read, topic.Name)) return SharePartitionTarget.Failed(ErrorCode.TopicAuthorizationFailed);
        var state = topic.Partition(partition.Partition);
        var log = broker.Replicas?.Find(topic.Name, partition.Partition);
        if (state is null) return SharePartitionTarget.Failed(ErrorCode.UnknownTopicOrPartition);
        var leadership = Leadership.Check(broker.Topics.NodeId, topic, partition.Partition);
        if (leadership != ErrorCode.None) return new SharePartitionTarget(leadership, default, null, state.Leader, state.LeaderEpoch);
        if (log is null) return SharePartitionTarget.Failed(ErrorCode.UnknownTopicOrPartition);
        var key = new SharePartitionKey(groupId, partition.TopicId, partition.Partition);
        return new SharePartitionTarget(ErrorCode.None, key, new PartitionShareLog(log), state.Leader, state.LeaderEpoch);
    }

    /// <summary>
    /// Applies one partition's acknowledgement batches for the member: the partition's error when it cannot be served
    /// here, INVALID_REQUEST for malformed batches, else the outcome of the acknowledgement.
    /// </summary>
    public static async Task<(SharePartitionTarget Target, ErrorCode Error)> AcknowledgeAsync(RequestContext context, ShareSessionKey session,
        ShareTopicPartition partition, IEnumerable<(long FirstOffset, long LastOffset, List<sbyte> Types)> wire, CancellationToken cancellationToken)
    {
        var target = Resolve(context, session.GroupId, partition);
        if (target.Error != ErrorCode.None) return (target, target.Error);
        if (ToBatches(wire, context.ApiVersion) is not { } batches) return (target, ErrorCode.InvalidRequest);
        var error = await context.Broker.SharePartitions.AcknowledgeAsync(target.Key, target.LeaderEpoch, target.Log!, session.MemberId, batches, cancellationToken)
            .ConfigureAwait(false);
        return (target, error);
    }

    /// <summary>The leader's endpoint, for NOT_LEADER_OR_FOLLOWER answers; null when the broker is not known.</summary>
    public static (string Host, int Port, string? Rack)? EndpointOf(RequestContext context, int nodeId) =>
        context.Broker.Cluster.Find(nodeId) is { } leader ? (leader.Endpoint.Host, leader.Endpoint.Port, leader.Rack) : null;
}
