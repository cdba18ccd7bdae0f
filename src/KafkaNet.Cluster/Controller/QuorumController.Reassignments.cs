using KafkaNet.Broker.Metadata;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.Protocol.Metadata;
using AlterResult = KafkaNet.Protocol.Messages.AlterPartitionReassignmentsResponse.ReassignablePartitionResponse;

namespace KafkaNet.Cluster.Controller;

// Partition reassignment (KIP-455): AlterPartitionReassignments and ListPartitionReassignments.
public sealed partial class QuorumController
{
    /// <summary>
    /// AlterPartitionReassignments v0-1: a target replica list per partition starts (or replaces) a
    /// reassignment, null cancels one. Replicas become target ∪ current with the adding and removing
    /// replicas recorded; it completes when every adding replica is in the ISR.
    /// </summary>
    public Task<AlterPartitionReassignmentsResponse> AlterPartitionReassignmentsAsync(AlterPartitionReassignmentsRequest request, short version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        bool allowRfChange = version < 1 || request.AllowReplicationFactorChange;
        return RunAsync(image =>
        {
            var response = new AlterPartitionReassignmentsResponse { AllowReplicationFactorChange = request.AllowReplicationFactorChange };
            var records = new List<MetadataRecord>();
            foreach (var topicData in request.Topics)
            {
                image.TopicsByName.TryGetValue(topicData.Name, out var topic);
                var topicResult = new AlterPartitionReassignmentsResponse.ReassignableTopicResponse { Name = topicData.Name };
                foreach (var data in topicData.Partitions)
                {
                    var (code, message) = Reassign(image, topic, data, allowRfChange, records);
                    topicResult.Partitions.Add(new AlterResult { PartitionIndex = data.PartitionIndex, ErrorCode = (short)code, ErrorMessage = message });
                }
                response.Responses.Add(topicResult);
            }
            return new Plan<AlterPartitionReassignmentsResponse>(records, _ => response);
        }, (code, message) => new AlterPartitionReassignmentsResponse { ErrorCode = (short)code, ErrorMessage = message }, cancellationToken);
    }

    /// <summary>ListPartitionReassignments v0: the ongoing reassignments, of every partition (null topics) or of the named ones.</summary>
    public Task<ListPartitionReassignmentsResponse> ListPartitionReassignmentsAsync(ListPartitionReassignmentsRequest request, short version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return RunAsync(image =>
        {
            var targets = request.Topics == null
                ? image.TopicsByName.Values.OrderBy(t => t.Name, StringComparer.Ordinal).Select(t => (t.Name, Partitions: (IEnumerable<int>)t.Partitions.Keys.Order()))
                : request.Topics.Select(t => (t.Name, Partitions: (IEnumerable<int>)t.PartitionIndexes));
            var response = new ListPartitionReassignmentsResponse();
            foreach (var (name, partitions) in targets)
            {
                // Unknown topics and partitions are left out, as Kafka's controller does.
                if (!image.TopicsByName.TryGetValue(name, out var topic))
                {
                    continue;
                }
                var ongoing = new ListPartitionReassignmentsResponse.OngoingTopicReassignment { Name = name };
                foreach (int id in partitions)
                {
                    if (topic.Partitions.TryGetValue(id, out var p) && IsReassigning(p))
                    {
                        ongoing.Partitions.Add(new()
                        {
                            PartitionIndex = id,
                            Replicas = [.. p.Replicas],
                            AddingReplicas = [.. p.AddingReplicas],
                            RemovingReplicas = [.. p.RemovingReplicas],
                        });
                    }
                }
                if (ongoing.Partitions.Count > 0)
                {
                    response.Topics.Add(ongoing);
                }
            }
            return Plan<ListPartitionReassignmentsResponse>.Answer(response);
        }, (code, message) => new ListPartitionReassignmentsResponse { ErrorCode = (short)code, ErrorMessage = message }, cancellationToken);
    }

    private static bool IsReassigning(PartitionRegistration p) => !p.AddingReplicas.IsEmpty || !p.RemovingReplicas.IsEmpty;

    private static (ErrorCode Code, string? Message) Reassign(MetadataImage image, TopicImage? topic,
        AlterPartitionReassignmentsRequest.ReassignablePartition data, bool allowRfChange, List<MetadataRecord> records)
    {
        if (topic == null || !topic.Partitions.TryGetValue(data.PartitionIndex, out var p))
        {
            return (ErrorCode.UnknownTopicOrPartition, "The partition does not exist.");
        }
        Reassignment target;
        if (data.Replicas == null)
        {
            if (!IsReassigning(p))
            {
                return (ErrorCode.NoReassignmentInProgress, $"No ongoing reassignment for partition {topic.Name}-{p.PartitionId}.");
            }
            target = Reassignment.Revert(image, p);
        }
        else
        {
            var (code, message) = CheckTarget(image, p, data.Replicas, allowRfChange);
            if (code != ErrorCode.None)
            {
                return (code, message);
            }
            target = Reassignment.Start(p, data.Replicas).TryComplete(image);
        }
        var change = target.Record(topic.Id, p);
        if (change != null)
        {
            records.Add(Partition(change));
        }
        return (ErrorCode.None, null);
    }

    private static (ErrorCode Code, string? Message) CheckTarget(MetadataImage image, PartitionRegistration p, List<int> replicas, bool allowRfChange)
    {
        if (replicas.Count == 0)
        {
            return (ErrorCode.InvalidReplicaAssignment, "The manual partition assignment includes an empty replica list.");
        }
        if (replicas.Distinct().Count() != replicas.Count)
        {
            return (ErrorCode.InvalidReplicaAssignment, "The manual partition assignment includes duplicate replicas.");
        }
        foreach (int id in replicas)
        {
            if (!image.Brokers.ContainsKey(id))
            {
                return (ErrorCode.InvalidReplicaAssignment, $"The manual partition assignment includes broker {id}, but no such broker is registered.");
            }
        }
        if (!allowRfChange && replicas.Count != p.Replicas.Length - p.RemovingReplicas.Length)
        {
            return (ErrorCode.InvalidReplicationFactor, "The replication factor is changed but changing it was not allowed.");
        }
        return (ErrorCode.None, null);
    }

    /// <summary>
    /// The ISR a leader asked for, completing the partition's reassignment in the same change when the
    /// new ISR holds every adding replica; null when nothing changes.
    /// </summary>
    private static PartitionChangeRecord? IsrChange(MetadataImage image, Guid topicId, PartitionRegistration p, List<int> isr) =>
        IsReassigning(p)
            ? (Reassignment.Of(p) with { Isr = isr }).TryComplete(image).Record(topicId, p)
            : PartitionChanges.Record(topicId, p, p.Leader, isr);
}
