// ShareGroupHeartbeat (key 76), versions 0-1: membership of share groups (KIP-932).
// Epoch 0 joins with a member id the client made up and a non-empty subscription (creating the group), the
// member's epoch (or the one before it) heartbeats, -1 leaves. The answer carries the member's epoch, the heartbeat
// interval (share.heartbeat.interval.ms of the group, else group.share.heartbeat.interval.ms) and, when it is new,
// the assignment by topic id; the simple assignor may give one partition to several members. A member not heard
// from for share.session.timeout.ms is fenced.
// Errors as Kafka: INVALID_REQUEST (empty group id, member id or rack, no subscription on join, epoch below -1),
// UNKNOWN_MEMBER_ID, FENCED_MEMBER_EPOCH, GROUP_MAX_SIZE_REACHED (group.share.max.size), GROUP_ID_NOT_FOUND for a
// group of another type or a share group that does not exist when the epoch is not 0, and the coordinator errors.
// Served only with group.share.enable=true.
// Authorization (as Kafka 4.x): READ on the group, else GROUP_AUTHORIZATION_FAILED; then DESCRIBE on every topic of
// SubscribedTopicNames, else TOPIC_AUTHORIZATION_FAILED.
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Handlers;

public sealed class ShareGroupHeartbeatHandler : ApiHandler<ShareGroupHeartbeatRequest, ShareGroupHeartbeatResponse>
{
    public override short ApiKey => ShareGroupHeartbeatRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 1;

    protected override async ValueTask<ShareGroupHeartbeatResponse?> HandleAsync(RequestContext context, ShareGroupHeartbeatRequest request, CancellationToken cancellationToken)
    {
        if (!context.AllowsGroup(AclOperation.Read, request.GroupId))
        {
            return Refused(ErrorCode.GroupAuthorizationFailed);
        }
        if (!context.AllowsEveryTopic(AclOperation.Describe, request.SubscribedTopicNames ?? []))
        {
            return Refused(ErrorCode.TopicAuthorizationFailed);
        }
        return await context.Broker.Groups.ShareGroupHeartbeatAsync(request, context.ClientId, context.ClientHost, cancellationToken).ConfigureAwait(false);
    }

    private static ShareGroupHeartbeatResponse Refused(ErrorCode error) =>
        new() { ErrorCode = (short)error, ErrorMessage = null, MemberId = null, Assignment = null };
}
