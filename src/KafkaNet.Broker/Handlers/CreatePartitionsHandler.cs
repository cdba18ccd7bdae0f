// CreatePartitions (key 37), versions 0-3.
// Grows topics to the requested partition count; shrinking or an equal count is
// INVALID_PARTITIONS. Explicit assignments must list one replica set per new partition, each
// exactly this broker. validate_only runs every check without changing anything. A topic named
// twice in one request gets INVALID_REQUEST for each entry.
// controller_mutation_rate counts the partitions added: over it, THROTTLING_QUOTA_EXCEEDED on v3, throttling before.
// Deviation: timeout_ms is ignored because the change completes before the response.
// Authorization: ALTER on each topic, else TOPIC_AUTHORIZATION_FAILED (not changed, not forwarded).
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Handlers;

public sealed class CreatePartitionsHandler : ApiHandler<CreatePartitionsRequest, CreatePartitionsResponse>
{
    public override short ApiKey => CreatePartitionsRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 3;

    protected override async ValueTask<CreatePartitionsResponse?> HandleAsync(RequestContext context, CreatePartitionsRequest request, CancellationToken cancellationToken)
    {
        var refused = RefusedEntries.Take(request.Topics, t =>
            context.AllowsTopic(AclOperation.Alter, t.Name) ? ErrorCode.None : ErrorCode.TopicAuthorizationFailed);
        if (!request.ValidateOnly)
        {
            var quota = context.Broker.ClientQuotas.Mutations.For(context, strictSinceVersion: 3);
            refused.AddRange(MutationQuotaEntries.Take(context, quota, request.Topics,
                t => Math.Max(0, t.Count - (context.Broker.Topics.Find(t.Name)?.PartitionCount ?? t.Count))));
        }
        var response = request.Topics.Count == 0 && refused.Count > 0
            ? new CreatePartitionsResponse()
            : await HandleAuthorizedAsync(context, request, cancellationToken).ConfigureAwait(false);
        foreach (var (topic, error) in refused)
        {
            response!.Results.Add(new CreatePartitionsResponse.CreatePartitionsTopicResult
            {
                Name = topic.Name,
                ErrorCode = (short)error,
                ErrorMessage = MutationQuotaEntries.MessageFor(error, "The topic authorization is failed."),
            });
        }
        return response;
    }

    private static ValueTask<CreatePartitionsResponse?> HandleAuthorizedAsync(RequestContext context, CreatePartitionsRequest request, CancellationToken cancellationToken)
    {
        if (context.Broker.Controller is not null)
        {
            return ControllerForwarding.ForwardAsync<CreatePartitionsResponse>(context, request, CreatePartitionsRequest.ApiKey, cancellationToken);
        }
        var broker = context.Broker;
        var response = new CreatePartitionsResponse();
        var duplicates = RequestDuplicates.Find(request.Topics.Select(t => t.Name));
        foreach (var topic in request.Topics)
        {
            var error = duplicates.Contains(topic.Name)
                ? new ApiError(ErrorCode.InvalidRequest, "Duplicate topic in request.")
                : Apply(broker, topic, request.ValidateOnly);
            response.Results.Add(new CreatePartitionsResponse.CreatePartitionsTopicResult
            {
                Name = topic.Name,
                ErrorCode = (short)error.Code,
                ErrorMessage = error.Message,
            });
        }
        return ValueTask.FromResult<CreatePartitionsResponse?>(response);
    }

    private static ApiError Apply(KafkaBroker broker, CreatePartitionsRequest.CreatePartitionsTopic topic, bool validateOnly)
    {
        var existing = broker.Topics.Find(topic.Name);
        if (existing is null)
        {
            return new ApiError(ErrorCode.UnknownTopicOrPartition, $"Topic '{topic.Name}' does not exist.");
        }
        if (topic.Assignments is { } assignments && topic.Count > existing.PartitionCount)
        {
            int added = topic.Count - existing.PartitionCount;
            if (assignments.Count != added)
            {
                return new ApiError(ErrorCode.InvalidReplicaAssignment,
                    $"Increasing the number of partitions by {added} but {assignments.Count} assignments provided.");
            }
            int nodeId = broker.Options.NodeId;
            if (assignments.Any(a => a.BrokerIds.Count != 1 || a.BrokerIds[0] != nodeId))
            {
                return new ApiError(ErrorCode.InvalidReplicaAssignment,
                    $"New partitions must be assigned to broker {nodeId} only: it is the only broker.");
            }
        }
        return broker.Topics.CreatePartitions(topic.Name, topic.Count, validateOnly).Error;
    }
}
