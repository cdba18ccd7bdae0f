using KafkaNet.Broker.Metadata;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.Protocol.Metadata;
using AlterResult = KafkaNet.Protocol.Messages.AlterPartitionResponse.PartitionData;

namespace KafkaNet.Cluster.Controller;

// AlterPartition (ISR changes from leaders) and ElectLeaders.
public sealed partial class QuorumController
{
    private const sbyte PreferredElection = 0;

    /// <summary>AlterPartition v0-3: a leader's ISR change, checked against the partition's leader and partition epochs.</summary>
    public Task<AlterPartitionResponse> AlterPartitionAsync(AlterPartitionRequest request, short version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return RunAsync(image =>
        {
            var response = new AlterPartitionResponse();
            if (!image.Brokers.TryGetValue(request.BrokerId, out var broker) || broker.Epoch != request.BrokerEpoch)
            {
                return Plan<AlterPartitionResponse>.Answer(new() { ErrorCode = (short)ErrorCode.StaleBrokerEpoch });
            }
            var records = new List<MetadataRecord>();
            var pending = new List<(AlterResult Result, Guid TopicId, int PartitionId)>();
            foreach (var topicData in request.Topics)
            {
                var topic = version >= 2 ? image.TopicsById.GetValueOrDefault(topicData.TopicId) : image.TopicsByName.GetValueOrDefault(topicData.TopicName ?? string.Empty);
                var topicResult = new AlterPartitionResponse.TopicData { TopicName = topicData.TopicName ?? string.Empty, TopicId = topicData.TopicId };
                foreach (var data in topicData.Partitions)
                {
                    var result = new AlterResult { PartitionIndex = data.PartitionIndex };
                    PartitionRegistration? p = null;
                    var error = topic == null ? (version >= 2 ? ErrorCode.UnknownTopicId : ErrorCode.UnknownTopicOrPartition)
                        : !topic.Partitions.TryGetValue(data.PartitionIndex, out p) ? ErrorCode.UnknownTopicOrPartition
                        : CheckIsrChange(image, request.BrokerId, p, data, version);
                    if (error != ErrorCode.None)
                    {
                        result.ErrorCode = (short)error;
                        Log.IsrChangeRefused(_logger, topic?.Name ?? topicData.TopicName ?? topicData.TopicId.ToString(), data.PartitionIndex, request.BrokerId,
                            error.ToString(), data.LeaderEpoch, data.PartitionEpoch, p?.LeaderEpoch ?? -1, p?.PartitionEpoch ?? -1, image.LastAppliedOffset);
                    }
                    else
                    {
                        var change = IsrChange(image, topic!.Id, p!, NewIsr(data, version));
                        if (change != null)
                        {
                            records.Add(Partition(change));
                        }
                        if (change?.Leader is >= PartitionRegistration.NoLeader)
                        {
                            // A completed reassignment removed the leader: it learns its successor from the metadata.
                            result.ErrorCode = (short)ErrorCode.NewLeaderElected;
                        }
                        else
                        {
                            pending.Add((result, topic.Id, p!.PartitionId));
                        }
                    }
                    topicResult.Partitions.Add(result);
                }
                response.Topics.Add(topicResult);
            }
            return new Plan<AlterPartitionResponse>(records, _ =>
            {
                var now = Image;
                foreach (var (result, topicId, partitionId) in pending)
                {
                    var p = now.TopicsById[topicId].Partitions[partitionId];
                    result.LeaderId = p.Leader;
                    result.LeaderEpoch = p.LeaderEpoch;
                    result.Isr = [.. p.Isr];
                    result.LeaderRecoveryState = p.LeaderRecoveryState;
                    result.PartitionEpoch = p.PartitionEpoch;
                }
                return response;
            });
        }, (code, _) => new AlterPartitionResponse { ErrorCode = (short)code }, cancellationToken);
    }

    private static List<int> NewIsr(AlterPartitionRequest.PartitionData data, short version) =>
        version >= 3 ? [.. data.NewIsrWithEpochs.Select(b => b.BrokerId)] : [.. data.NewIsr];

    private static ErrorCode CheckIsrChange(MetadataImage image, int brokerId, PartitionRegistration p, AlterPartitionRequest.PartitionData data, short version)
    {
        if (p.Leader != brokerId)
        {
            return ErrorCode.NotLeaderOrFollower;
        }
        if (data.LeaderEpoch != p.LeaderEpoch)
        {
            return ErrorCode.FencedLeaderEpoch;
        }
        if (data.PartitionEpoch != p.PartitionEpoch)
        {
            return ErrorCode.InvalidUpdateVersion;
        }
        var isr = NewIsr(data, version);
        if (!isr.Contains(p.Leader) || isr.Distinct().Count() != isr.Count)
        {
            return ErrorCode.InvalidRequest;
        }
        foreach (int id in isr)
        {
            // Members already in the ISR may stay; a new member must be a usable replica.
            if (!p.Replicas.Contains(id) || (!p.Isr.Contains(id) && !PartitionChanges.IsUsable(image, id)))
            {
                return ErrorCode.IneligibleReplica;
            }
        }
        if (version >= 3)
        {
            foreach (var member in data.NewIsrWithEpochs)
            {
                if (member.BrokerEpoch != -1 && image.Brokers.TryGetValue(member.BrokerId, out var b) && b.Epoch != member.BrokerEpoch)
                {
                    return ErrorCode.IneligibleReplica;
                }
            }
        }
        return ErrorCode.None;
    }

    /// <summary>ElectLeaders v0-2: preferred (0) or unclean (1) elections; null topics mean every partition.</summary>
    public Task<ElectLeadersResponse> ElectLeadersAsync(ElectLeadersRequest request, short version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        bool preferred = version == 0 || request.ElectionType == PreferredElection;
        bool all = request.TopicPartitions == null;
        return RunAsync(image =>
        {
            var targets = all
                ? image.TopicsByName.Values.Select(t => (t.Name, Partitions: (IEnumerable<int>)t.Partitions.Keys.Order())).ToList()
                : request.TopicPartitions!.Select(t => (Name: t.Topic, Partitions: (IEnumerable<int>)t.Partitions)).ToList();
            var response = new ElectLeadersResponse();
            var records = new List<MetadataRecord>();
            foreach (var (name, partitions) in targets)
            {
                var topicResult = new ElectLeadersResponse.ReplicaElectionResult { Topic = name };
                image.TopicsByName.TryGetValue(name, out var topic);
                foreach (int id in partitions)
                {
                    var (code, message) = Elect(image, topic, id, preferred, records);
                    // Electing every partition reports only the partitions it could act on.
                    if (!(all && code == ErrorCode.ElectionNotNeeded))
                    {
                        topicResult.PartitionResult.Add(new() { PartitionId = id, ErrorCode = (short)code, ErrorMessage = message });
                    }
                }
                if (topicResult.PartitionResult.Count > 0)
                {
                    response.ReplicaElectionResults.Add(topicResult);
                }
            }
            return new Plan<ElectLeadersResponse>(records, _ => response);
        }, (code, _) => new ElectLeadersResponse { ErrorCode = (short)code }, cancellationToken);
    }

    private (ErrorCode Code, string? Message) Elect(MetadataImage image, TopicImage? topic, int partitionId, bool preferred, List<MetadataRecord> records)
    {
        if (topic == null || !topic.Partitions.TryGetValue(partitionId, out var p))
        {
            return (ErrorCode.UnknownTopicOrPartition, "The partition does not exist.");
        }
        string strategy = preferred ? "PREFERRED" : "UNCLEAN";
        int leader;
        var isr = p.Isr.ToList();
        if (preferred)
        {
            int wanted = p.Replicas[0];
            if (p.Leader == wanted)
            {
                return (ErrorCode.ElectionNotNeeded, "Leader election not needed for topic partition.");
            }
            if (!isr.Contains(wanted) || !PartitionChanges.IsUsable(image, wanted))
            {
                return (ErrorCode.PreferredLeaderNotAvailable, $"Failed to elect leader for partition {topic.Name}-{partitionId} under strategy {strategy}");
            }
            leader = wanted;
        }
        else
        {
            if (p.Leader != PartitionRegistration.NoLeader)
            {
                return (ErrorCode.ElectionNotNeeded, "Leader election not needed for topic partition.");
            }
            leader = PartitionChanges.ElectLeader(image, p, isr, null, unclean: true, out bool outsideIsr);
            if (leader == PartitionRegistration.NoLeader)
            {
                return (ErrorCode.EligibleLeadersNotAvailable, $"Failed to elect leader for partition {topic.Name}-{partitionId} under strategy {strategy}");
            }
            if (outsideIsr)
            {
                isr = [leader];
            }
        }
        records.Add(Partition(PartitionChanges.Record(topic.Id, p, leader, isr)!));
        return (ErrorCode.None, null);
    }
}
