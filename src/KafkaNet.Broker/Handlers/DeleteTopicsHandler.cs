// DeleteTopics (key 20), versions 0-6 (v0 differs from v1 only by the throttle time v1 added).
// Deletes topics by name (v1-5 topic_names; v6 topics with a name) or by topic id (v6 topics
// whose name is null). Unknown names get UNKNOWN_TOPIC_OR_PARTITION, unknown ids
// UNKNOWN_TOPIC_ID; delete.topic.enable=false gives TOPIC_DELETION_DISABLED. The deletion is
// recorded durably before the partition logs are removed; committed offsets of the topic are
// removed from every group.
// Deviation: no throttling; timeout_ms is ignored because deletion completes before the response.
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

    protected override ValueTask<DeleteTopicsResponse?> HandleAsync(RequestContext context, DeleteTopicsRequest request, CancellationToken cancellationToken)
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
