using KafkaNet.Broker.Metadata;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.Protocol.Metadata;

namespace KafkaNet.Cluster.Controller;

// DeleteTopics and CreatePartitions.
public sealed partial class QuorumController
{
    /// <summary>DeleteTopics by name (v0-5) or by name or id (v6).</summary>
    public Task<DeleteTopicsResponse> DeleteTopicsAsync(DeleteTopicsRequest request, short version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var targets = version >= 6
            ? request.Topics.Select(t => (t.Name, t.TopicId)).ToList()
            : request.TopicNames.Select(n => ((string?)n, Guid.Empty)).ToList();
        return RunAsync(image =>
        {
            var response = new DeleteTopicsResponse();
            var records = new List<MetadataRecord>();
            var removed = new HashSet<Guid>();
            foreach (var (name, id) in targets)
            {
                TopicImage? topic = name != null ? image.TopicsByName.GetValueOrDefault(name) : image.TopicsById.GetValueOrDefault(id);
                var result = new DeleteTopicsResponse.DeletableTopicResult { Name = name, TopicId = id, ErrorMessage = null };
                if (topic == null)
                {
                    var error = name != null
                        ? new ApiError(ErrorCode.UnknownTopicOrPartition, "This server does not host this topic-partition.")
                        : new ApiError(ErrorCode.UnknownTopicId, "This server does not host this topic ID.");
                    result.ErrorCode = (short)error.Code;
                    result.ErrorMessage = error.Message;
                }
                else
                {
                    result.Name = topic.Name;
                    result.TopicId = topic.Id;
                    if (removed.Add(topic.Id))
                    {
                        records.Add(MetadataRecord.Latest(new RemoveTopicRecord { TopicId = topic.Id }));
                    }
                }
                response.Responses.Add(result);
            }
            return new Plan<DeleteTopicsResponse>(records, _ => response);
        }, (code, message) =>
        {
            var response = new DeleteTopicsResponse();
            foreach (var (name, id) in targets)
            {
                response.Responses.Add(new() { Name = name, TopicId = id, ErrorCode = (short)code, ErrorMessage = message });
            }
            return response;
        }, cancellationToken);
    }

    /// <summary>CreatePartitions: grows topics, placing new partitions or taking the given assignments.</summary>
    public Task<CreatePartitionsResponse> CreatePartitionsAsync(CreatePartitionsRequest request, short version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return RunAsync(image =>
        {
            // One request is one atomic metadata change, bounded as Kafka bounds it.
            if (PartitionsAdded(image, request) > MaxPartitionsPerRequest)
            {
                return new Plan<CreatePartitionsResponse>([], _ => FailAllPartitions(request, ErrorCode.PolicyViolation, "Unable to perform excessively large batch operation."));
            }
            var response = new CreatePartitionsResponse();
            var records = new List<MetadataRecord>();
            var duplicates = request.Topics.GroupBy(t => t.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
            foreach (var topic in request.Topics)
            {
                var error = duplicates.Contains(topic.Name)
                    ? new ApiError(ErrorCode.InvalidRequest, "Duplicate topic in request.")
                    : PlanPartitions(image, topic, request.ValidateOnly ? null : records);
                response.Results.Add(new() { Name = topic.Name, ErrorCode = (short)error.Code, ErrorMessage = error.Message });
            }
            return new Plan<CreatePartitionsResponse>(records, _ => response);
        }, (code, message) => FailAllPartitions(request, code, message), cancellationToken);
    }

    private static long PartitionsAdded(MetadataImage image, CreatePartitionsRequest request)
    {
        long total = 0;
        foreach (var topic in request.Topics)
        {
            int current = image.TopicsByName.TryGetValue(topic.Name, out var existing) ? existing.Partitions.Count : 0;
            total += Math.Max(0, topic.Count - current);
        }
        return total;
    }

    private static CreatePartitionsResponse FailAllPartitions(CreatePartitionsRequest request, ErrorCode code, string message)
    {
        var response = new CreatePartitionsResponse();
        foreach (var topic in request.Topics)
        {
            response.Results.Add(new() { Name = topic.Name, ErrorCode = (short)code, ErrorMessage = message });
        }
        return response;
    }

    private ApiError PlanPartitions(MetadataImage image, CreatePartitionsRequest.CreatePartitionsTopic request, List<MetadataRecord>? records)
    {
        if (!image.TopicsByName.TryGetValue(request.Name, out var topic))
        {
            return new ApiError(ErrorCode.UnknownTopicOrPartition, $"Topic '{request.Name}' does not exist.");
        }
        int current = topic.Partitions.Count;
        if (request.Count < current)
        {
            return new ApiError(ErrorCode.InvalidPartitions, $"Topic currently has {current} partitions, which is higher than the requested {request.Count}.");
        }
        if (request.Count == current)
        {
            return new ApiError(ErrorCode.InvalidPartitions, $"Topic already has {current} partitions.");
        }
        if (request.Count > TopicRegistry.MaxPartitionsPerTopic)
        {
            return TooManyPartitions(request.Count);
        }
        int added = request.Count - current;
        int replicationFactor = topic.Partitions.Values.First().Replicas.Length;
        List<int[]> assignments;
        if (request.Assignments is { Count: > 0 })
        {
            if (request.Assignments.Count != added)
            {
                return new ApiError(ErrorCode.InvalidReplicaAssignment,
                    $"Attempted to add {added} additional partition(s), but only {request.Assignments.Count} assignment(s) were specified.");
            }
            assignments = [.. request.Assignments.Select(a => a.BrokerIds.ToArray())];
            var error = ValidateManual(image, assignments, current, replicationFactor);
            if (error.IsError)
            {
                return error;
            }
        }
        else
        {
            var (error, placed) = Placer.Place(UsableBrokers(image), current, added, (short)replicationFactor);
            if (error.IsError)
            {
                return error;
            }
            assignments = placed!;
        }
        if (records != null)
        {
            AddPartitions(image, records, topic.Id, current, assignments);
        }
        return ApiError.None;
    }
}
