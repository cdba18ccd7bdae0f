using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;

namespace KafkaNet.Broker.Handlers;

/// <summary>What AlterShareGroupOffsets and DeleteShareGroupOffsets check alike, in Kafka's order.</summary>
internal static class ShareGroupOffsetsChecks
{
    /// <summary>The operation on the group, a non-empty id, and an empty share group (created when <paramref name="create"/>).</summary>
    public static async Task<ErrorCode> GroupAsync(RequestContext context, string groupId, AclOperation operation, bool create) =>
        !context.AllowsGroup(operation, groupId) ? ErrorCode.GroupAuthorizationFailed
        : groupId.Length == 0 ? ErrorCode.InvalidGroupId
        : await context.Broker.Groups.EnsureEmptyShareGroupAsync(groupId, create).ConfigureAwait(false);

    /// <summary>READ on the topic, then that it exists.</summary>
    public static ErrorCode Topic(RequestContext context, string topic, TopicInfo? info) =>
        !context.AllowsTopic(AclOperation.Read, topic) ? ErrorCode.TopicAuthorizationFailed
        : info is null ? ErrorCode.UnknownTopicOrPartition : ErrorCode.None;
}
