// ConsumerGroupHeartbeat (key 68), versions 0-1: the KIP-848 consumer group protocol.
// Epoch 0 joins (creating the group, or upgrading an empty classic group), a positive epoch heartbeats
// and acknowledges revocations, -1 leaves, -2 makes a static member leave for a while. The answer carries
// the member's epoch, the heartbeat interval and, when it changed or the request was a full one, its
// partitions; the broker's server-side assignor (group.consumer.assignors) computes the assignment.
// v1 (KIP-1082) requires a member id chosen by the client and takes SubscribedTopicRegex (RE2 syntax).
// Errors as Kafka: INVALID_REQUEST, UNKNOWN_MEMBER_ID, FENCED_MEMBER_EPOCH, FENCED_INSTANCE_ID,
// UNRELEASED_INSTANCE_ID, GROUP_MAX_SIZE_REACHED, UNSUPPORTED_ASSIGNOR, INVALID_REGULAR_EXPRESSION,
// GROUP_ID_NOT_FOUND for a group of the other protocol.
// Deviations: classic members cannot join a consumer group with members (INCONSISTENT_GROUP_PROTOCOL on
// JoinGroup), only empty classic groups are upgraded, and assignors ignore racks.
// Authorization (as Kafka 4.0, KAFKA-18813): READ on the group, else GROUP_AUTHORIZATION_FAILED; then DESCRIBE on
// every topic of SubscribedTopicNames when the request names some, else TOPIC_AUTHORIZATION_FAILED. A regular
// expression resolves only to the topics the member whose heartbeat (re)resolves it may DESCRIBE.
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Handlers;

public sealed class ConsumerGroupHeartbeatHandler : ApiHandler<ConsumerGroupHeartbeatRequest, ConsumerGroupHeartbeatResponse>
{
    public override short ApiKey => ConsumerGroupHeartbeatRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 1;

    protected override async ValueTask<ConsumerGroupHeartbeatResponse?> HandleAsync(RequestContext context, ConsumerGroupHeartbeatRequest request, CancellationToken cancellationToken)
    {
        if (!context.AllowsGroup(AclOperation.Read, request.GroupId))
        {
            return Refused(ErrorCode.GroupAuthorizationFailed);
        }
        if (!context.AllowsEveryTopic(AclOperation.Describe, request.SubscribedTopicNames ?? []))
        {
            return Refused(ErrorCode.TopicAuthorizationFailed);
        }
        Func<string, bool>? mayDescribeTopic = context.Broker.Authorizer is null
            ? null
            : topic => context.AllowsTopic(AclOperation.Describe, topic, audit: false);
        return await context.Broker.Groups.ConsumerGroupHeartbeatAsync(request, context.ApiVersion, context.ClientId, context.ClientHost,
            mayDescribeTopic, cancellationToken).ConfigureAwait(false);
    }

    private static ConsumerGroupHeartbeatResponse Refused(ErrorCode error) =>
        new() { ErrorCode = (short)error, HeartbeatIntervalMs = 0 };
}
