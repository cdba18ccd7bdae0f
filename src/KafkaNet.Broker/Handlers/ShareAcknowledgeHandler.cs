// ShareAcknowledge (key 79), versions 0-2 (KIP-932; served only with group.share.enable).
// Applies a share-group member's acknowledgements to the share-partitions this broker leads: per batch one type for
// the whole range or one per offset (0 gap, 1 accept, 2 release, 3 reject; 4 renew from v2). A partition's batches
// are applied all or nothing and persisted before the answer: INVALID_REQUEST for bad ranges or types,
// INVALID_RECORD_STATE for records the member does not hold. The share session must exist: epoch 0 is
// INVALID_SHARE_SESSION_EPOCH, a missing session SHARE_SESSION_NOT_FOUND, a wrong epoch INVALID_SHARE_SESSION_EPOCH;
// -1 closes the session after acknowledging and releases every record the member still holds.
// Request errors: INVALID_REQUEST (no group id, member id empty or over 36 characters), UNKNOWN_MEMBER_ID (not a member
// of the group). Partition errors: UNKNOWN_TOPIC_ID, TOPIC_AUTHORIZATION_FAILED, UNKNOWN_TOPIC_OR_PARTITION,
// NOT_LEADER_OR_FOLLOWER with the current leader and its endpoint. v2 answers the group's acquisition lock timeout.
// Authorization: READ on the group (GROUP_AUTHORIZATION_FAILED), READ on each topic.
using KafkaNet.Broker.Shares.Fetch;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Handlers;

public sealed class ShareAcknowledgeHandler : ApiHandler<ShareAcknowledgeRequest, ShareAcknowledgeResponse>
{
    public override short ApiKey => ShareAcknowledgeRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 2;

    protected override async ValueTask<ShareAcknowledgeResponse?> HandleAsync(RequestContext context, ShareAcknowledgeRequest request, CancellationToken cancellationToken)
    {
        var response = new ShareAcknowledgeResponse { ErrorMessage = null };
        var (error, message, view) = ShareRequests.CheckMember(context, request.GroupId, request.MemberId);
        if (error == ErrorCode.None)
        {
            var key = new ShareSessionKey(request.GroupId!, request.MemberId!);
            var manager = context.Broker.SharePartitions;
            error = manager.Sessions.Acknowledging(key, request.ShareSessionEpoch);
            if (error == ErrorCode.None)
            {
                response.AcquisitionLockTimeoutMs = (int)Math.Min(int.MaxValue, view!.ConfigOf(key.GroupId).RecordLockDurationMs);
                await AcknowledgeAsync(context, request, key, response, cancellationToken).ConfigureAwait(false);
                if (request.ShareSessionEpoch == ShareSessionCache.CloseEpoch)
                {
                    await manager.CloseSessionAsync(key, cancellationToken).ConfigureAwait(false);
                }
                return response;
            }
        }
        response.ErrorCode = (short)error;
        response.ErrorMessage = message;
        return response;
    }

    private static async Task AcknowledgeAsync(RequestContext context, ShareAcknowledgeRequest request, ShareSessionKey key, ShareAcknowledgeResponse response,
        CancellationToken cancellationToken)
    {
        foreach (var topic in request.Topics)
        {
            var topicResponse = new ShareAcknowledgeResponse.Topic { TopicId = topic.TopicId };
            response.Topics.Add(topicResponse);
            foreach (var partition in topic.Partitions)
            {
                var wire = partition.AcknowledgementBatches.Select(b => (b.FirstOffset, b.LastOffset, b.AcknowledgeTypes));
                var (target, error) = await ShareRequests.AcknowledgeAsync(context, key, new ShareTopicPartition(topic.TopicId, partition.Partition), wire, cancellationToken)
                    .ConfigureAwait(false);
                var answer = new ShareAcknowledgeResponse.PartitionData
                {
                    Partition = partition.Partition,
                    ErrorCode = (short)error,
                    ErrorMessage = null,
                    CurrentLeader = new ShareAcknowledgeResponse.CurrentLeader { LeaderId = -1, LeaderEpoch = -1 },
                };
                topicResponse.Partitions.Add(answer);
                NameLeader(context, response, answer, target);
            }
        }
    }

    private static void NameLeader(RequestContext context, ShareAcknowledgeResponse response, ShareAcknowledgeResponse.PartitionData answer, SharePartitionTarget target)
    {
        if (!target.NamesLeader) return;
        answer.CurrentLeader = new ShareAcknowledgeResponse.CurrentLeader { LeaderId = target.LeaderId, LeaderEpoch = target.LeaderEpoch };
        if (ShareRequests.EndpointOf(context, target.LeaderId) is { } endpoint && !response.NodeEndpoints.Exists(e => e.NodeId == target.LeaderId))
        {
            response.NodeEndpoints.Add(new ShareAcknowledgeResponse.NodeEndpoint { NodeId = target.LeaderId, Host = endpoint.Host, Port = endpoint.Port, Rack = endpoint.Rack });
        }
    }
}
