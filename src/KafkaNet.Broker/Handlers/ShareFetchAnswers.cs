using KafkaNet.Broker.Shares.Fetch;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Handlers;

/// <summary>The partitions of a ShareFetch response, one entry per partition however many times it is touched.</summary>
internal sealed class ShareFetchAnswers(RequestContext context, ShareFetchResponse response)
{
    private readonly Dictionary<ShareTopicPartition, ShareFetchResponse.PartitionData> _partitions = [];

    /// <summary>The partition's entry, made (naming the leader for NOT_LEADER_OR_FOLLOWER) the first time.</summary>
    public ShareFetchResponse.PartitionData For(ShareTopicPartition partition, SharePartitionTarget target)
    {
        if (_partitions.TryGetValue(partition, out var answer)) return answer;
        answer = new ShareFetchResponse.PartitionData
        {
            Partition = partition.Partition,
            ErrorMessage = null,
            AcknowledgeErrorMessage = null,
            CurrentLeader = new ShareFetchResponse.CurrentLeader { LeaderId = -1, LeaderEpoch = -1 },
            Records = ReadOnlyMemory<byte>.Empty,
        };
        _partitions.Add(partition, answer);
        var topic = response.Topics.Find(t => t.TopicId == partition.TopicId);
        if (topic is null)
        {
            topic = new ShareFetchResponse.Topic { TopicId = partition.TopicId };
            response.Topics.Add(topic);
        }
        topic.Partitions.Add(answer);
        NameLeader(answer, target);
        return answer;
    }

    public void Add(ShareTopicPartition partition, SharePartitionTarget target, ShareAcquisition acquisition)
    {
        var answer = For(partition, target);
        answer.ErrorCode = (short)acquisition.Error;
        answer.Records = acquisition.Records;
        answer.AcquiredRecords = acquisition.Acquired
            .Select(r => new ShareFetchResponse.AcquiredRecord { FirstOffset = r.FirstOffset, LastOffset = r.LastOffset, DeliveryCount = r.DeliveryCount })
            .ToList();
    }

    private void NameLeader(ShareFetchResponse.PartitionData answer, SharePartitionTarget target)
    {
        if (!target.NamesLeader) return;
        answer.CurrentLeader = new ShareFetchResponse.CurrentLeader { LeaderId = target.LeaderId, LeaderEpoch = target.LeaderEpoch };
        if (ShareRequests.EndpointOf(context, target.LeaderId) is { } endpoint && !response.NodeEndpoints.Exists(e => e.NodeId == target.LeaderId))
        {
            response.NodeEndpoints.Add(new ShareFetchResponse.NodeEndpoint { NodeId = target.LeaderId, Host = endpoint.Host, Port = endpoint.Port, Rack = endpoint.Rack });
        }
    }
}
