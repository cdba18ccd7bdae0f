// DeleteTopics (key 20), versions 0-6 (v0 differs from v1 only by the throttle time v1 added).
// Deletes topics by name (v1-5 topic_names; v6 topics with a name) or by topic id (v6 topics
// whose name is null). Unknown names get UNKNOWN_TOPIC_OR_PARTITION, unknown ids
// UNKNOWN_TOPIC_ID; delete.topic.enable=false gives TOPIC_DELETION_DISABLED. The deletion is
// recorded durably before the partition logs are removed; committed offsets of the topic are
// removed from every group.
// controller_mutation_rate counts the partitions deleted: over it, THROTTLING_QUOTA_EXCEEDED on v5+, throttling before.
// Deviation: timeout_ms is ignored because deletion completes before the response.
// Authorization: DELETE on each topic (and DESCRIBE when it is named by id, whose name is then not returned), else
// TOPIC_AUTHORIZATION_FAILED (not deleted, not forwarded).
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using Result = KafkaNet.Protocol.Messages.DeleteTopicsResponse.DeletableTopicResult;

namespace KafkaNet.Broker.Handlers;

public sealed class DeleteTopicsHandler : ApiHandler<DeleteTopicsRequest, DeleteTopicsResponse>
{
    public override short ApiKey => DeleteTopicsRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 6;

    protected override async ValueTask<DeleteTopicsResponse?> HandleAsync(RequestContext context, DeleteTopicsRequest request, CancellationToken cancellationToken)
    {
        var refusedNames = RefusedEntries.Take(request.TopicNames, name => Check(context, name, byId: false));
        var refused = RefusedEntries.Take(request.Topics, t => Check(context, t.Name ?? context.Broker.Topics.Find(t.TopicId)?.Name, byId: t.Name is null));
        var quota = context.Broker.ClientQuotas.Mutations.For(context, strictSinceVersion: 5);
        refusedNames.AddRange(MutationQuotaEntries.Take(context, quota, request.TopicNames, name => context.Broker.Topics.Find(name)?.PartitionCount ?? 0));
        refused.AddRange(MutationQuotaEntries.Take(context, quota, request.Topics,
            t => (t.Name is not null ? context.Broker.Topics.Find(t.Name) : context.Broker.Topics.Find(t.TopicId))?.PartitionCount ?? 0));
        var response = request.TopicNames.Count == 0 && request.Topics.Count == 0 && refusedNames.Count + refused.Count > 0
            ? new DeleteTopicsResponse()
            : await HandleAuthorizedAsync(context, request, cancellationToken).ConfigureAwait(false);
        foreach (var (name, error) in refusedNames)
        {
            response!.Responses.Add(new Result { Name = name, ErrorCode = (short)error, ErrorMessage = MutationQuotaEntries.MessageFor(error, null) });
        }
        foreach (var (topic, error) in refused)
        {
            // A topic asked for by id is not named to a principal that may not describe it (the id is no secret).
            string? name = topic.Name ?? (error == ErrorCode.TopicAuthorizationFailed && Describable(context, topic.TopicId) ? context.Broker.Topics.Find(topic.TopicId)?.Name : null);
            response!.Responses.Add(new Result { Name = name, TopicId = topic.TopicId, ErrorCode = (short)error, ErrorMessage = MutationQuotaEntries.MessageFor(error, null) });
        }
        return response;
    }

    /// <summary>DELETE on the topic; a topic named by id also needs DESCRIBE. Unknown ids are left to the deletion (UNKNOWN_TOPIC_ID).</summary>
    private static ErrorCode Check(RequestContext context, string? name, bool byId) =>
        name is null || ((!byId || context.AllowsTopic(AclOperation.Describe, name)) && context.AllowsTopic(AclOperation.Delete, name))
            ? ErrorCode.None
            : ErrorCode.TopicAuthorizationFailed;

    private static bool Describable(RequestContext context, Guid topicId) =>
        context.Broker.Topics.Find(topicId) is { } topic && context.AllowsTopic(AclOperation.Describe, topic.Name, audit: false);

    private static ValueTask<DeleteTopicsResponse?> HandleAuthorizedAsync(RequestContext context, DeleteTopicsRequest request, CancellationToken cancellationToken)
    {
        if (context.Broker.Controller is not null)
        {
            return ControllerForwarding.DeleteTopicsAsync(context, request, cancellationToken);
        }
        var broker = context.Broker;
        var response = new DeleteTopicsResponse();
        var targets = context.ApiVersion >= 6
            ? request.Topics.Select(t => (t.Name, t.TopicId)).ToList()
            : request.TopicNames.Select(n => ((string?)n, Guid.Empty)).ToList();
        foreach (var (name, topicId) in targets)
        {
            var result = new Result { Name = name, TopicId = topicId, ErrorMessage = null };
            if (!broker.Options.DeleteTopicEnable)
            {
                SetError(result, new ApiError(ErrorCode.TopicDeletionDisabled, "Topic deletion is disabled."));
            }
            else if (name is null && topicId == Guid.Empty)
            {
                SetError(result, new ApiError(ErrorCode.InvalidRequest, "Neither topic name nor id were specified."));
            }
            else
            {
                var outcome = name is not null ? broker.Topics.Delete(name) : broker.Topics.Delete(topicId);
                if (outcome.Error.IsError)
                {
                    SetError(result, outcome.Error);
                }
                else
                {
                    result.Name = outcome.Topic!.Name;
                    result.TopicId = outcome.Topic.TopicId;
                    broker.Groups.OnTopicDeleted(outcome.Topic.Name);
                }
            }
            response.Responses.Add(result);
        }
        return ValueTask.FromResult<DeleteTopicsResponse?>(response);
    }

    private static void SetError(Result result, ApiError error)
    {
        result.ErrorCode = (short)error.Code;
        result.ErrorMessage = error.Message;
    }
}
