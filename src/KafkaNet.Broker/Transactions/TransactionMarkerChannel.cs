using KafkaNet.Broker.Metadata;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.Storage;

namespace KafkaNet.Broker.Transactions;

/// <summary>
/// Sends a transaction's markers to the leaders of its partitions: those led here go to the local writer, the others
/// in one WriteTxnMarkers per leader through the inter-broker channel. A partition without a leader, or whose leader
/// could not be reached, answers NOT_LEADER_OR_FOLLOWER, which the coordinator retries once the metadata has moved.
/// </summary>
internal sealed class TransactionMarkerChannel(LocalMarkerWriter local, TopicRegistry topics, Func<KafkaBroker?> broker)
{
    private const short WriteTxnMarkersVersion = 1;

    /// <summary>The error of each partition's marker, in the order given.</summary>
    public async Task<ErrorCode[]> WriteAsync(IReadOnlyList<TopicPartition> partitions, long producerId, short producerEpoch, int coordinatorEpoch,
        bool commit, CancellationToken cancellationToken)
    {
        var results = new ErrorCode[partitions.Count];
        var writes = new List<Task>();
        var byLeader = new Dictionary<int, List<int>>();
        var cluster = broker();
        var channel = topics.FollowsImage ? cluster?.InterBroker : null;
        for (int i = 0; i < partitions.Count; i++)
        {
            var partition = partitions[i];
            int leader = channel is null ? topics.NodeId : LeaderOf(partition);
            if (leader == topics.NodeId)
            {
                int index = i;
                writes.Add(WriteLocalAsync(results, index, partition, producerId, producerEpoch, coordinatorEpoch, commit));
            }
            else if (leader == PartitionRegistration.NoLeader)
            {
                results[i] = topics.Find(partition.Topic)?.Partition(partition.Partition) is null
                    ? ErrorCode.UnknownTopicOrPartition
                    : ErrorCode.NotLeaderOrFollower;
            }
            else
            {
                if (!byLeader.TryGetValue(leader, out var indexes))
                {
                    byLeader[leader] = indexes = [];
                }
                indexes.Add(i);
            }
        }
        foreach (var (leader, indexes) in byLeader)
        {
            writes.Add(SendAsync(channel!, leader, partitions, indexes, results, producerId, producerEpoch, coordinatorEpoch, commit, cancellationToken));
        }
        await Task.WhenAll(writes).ConfigureAwait(false);
        return results;
    }

    private int LeaderOf(TopicPartition partition) =>
        topics.Find(partition.Topic)?.Partition(partition.Partition)?.Leader ?? PartitionRegistration.NoLeader;

    private async Task WriteLocalAsync(ErrorCode[] results, int index, TopicPartition partition, long producerId, short producerEpoch,
        int coordinatorEpoch, bool commit)
    {
        results[index] = await local.WriteAsync(partition, producerId, producerEpoch, coordinatorEpoch, commit).ConfigureAwait(false);
    }

    private static async Task SendAsync(InterBroker.IInterBrokerChannel channel, int leader, IReadOnlyList<TopicPartition> partitions, List<int> indexes,
        ErrorCode[] results, long producerId, short producerEpoch, int coordinatorEpoch, bool commit, CancellationToken cancellationToken)
    {
        var marker = new WriteTxnMarkersRequest.WritableTxnMarker
        {
            ProducerId = producerId,
            ProducerEpoch = producerEpoch,
            TransactionResult = commit,
            CoordinatorEpoch = coordinatorEpoch,
        };
        foreach (var group in indexes.GroupBy(i => partitions[i].Topic, StringComparer.Ordinal))
        {
            marker.Topics.Add(new WriteTxnMarkersRequest.WritableTxnMarkerTopic { Name = group.Key, PartitionIndexes = [.. group.Select(i => partitions[i].Partition)] });
        }
        var answered = new Dictionary<TopicPartition, ErrorCode>();
        try
        {
            var request = new WriteTxnMarkersRequest { Markers = [marker] };
            var response = await channel.SendAsync<WriteTxnMarkersResponse>(leader, request, WriteTxnMarkersRequest.ApiKey, WriteTxnMarkersVersion, cancellationToken)
                .ConfigureAwait(false);
            foreach (var result in response.Markers.Where(m => m.ProducerId == producerId))
            {
                foreach (var topic in result.Topics)
                {
                    foreach (var p in topic.Partitions)
                    {
                        answered[new TopicPartition(topic.Name, p.PartitionIndex)] = (ErrorCode)p.ErrorCode;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // An unreachable or unknown leader is retried as a leader that moved.
        catch (Exception)
        {
        }
#pragma warning restore CA1031
        foreach (int i in indexes)
        {
            // A partition the leader did not answer for is sent again.
            results[i] = answered.TryGetValue(partitions[i], out var error) ? error : ErrorCode.NotLeaderOrFollower;
        }
    }
}
