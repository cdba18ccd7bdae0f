using KafkaNet.Broker.Groups;
using KafkaNet.Broker.Metadata;
using KafkaNet.Broker.Storage;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;
using KafkaNet.Storage;
using KafkaNet.Storage.Producers;

namespace KafkaNet.Broker.Transactions;

/// <summary>
/// Writes transaction markers to partitions this broker leads, answering with the error code WriteTxnMarkers gives
/// for each: the group coordinator writes those of __consumer_offsets (and applies the pending offsets), the
/// partition log every other one.
/// </summary>
internal sealed class LocalMarkerWriter(ReplicaManager? replicas, GroupCoordinator groups, TopicRegistry topics,
    Func<TopicPartition, long, int, Task<ErrorCode>> replicated)
{
    // Kafka waits for the ISR up to request.timeout.ms (its default) before answering a marker.
    private const int ReplicationTimeoutMs = 30_000;

    public async Task<ErrorCode> WriteAsync(TopicPartition partition, long producerId, short producerEpoch, int coordinatorEpoch, bool commit)
    {
        var log = replicas?.Find(partition.Topic, partition.Partition);
        var topic = topics.Find(partition.Topic);
        if (log is null || topic is null)
        {
            // A partition of the metadata with no replica here has moved: retried at its leader, as Kafka answers.
            return topic?.Partition(partition.Partition) is not null ? ErrorCode.NotLeaderOrFollower : ErrorCode.UnknownTopicOrPartition;
        }
        // In a cluster only the leader writes markers; the coordinator sends them again to the new one.
        var leadership = Leadership.Check(topics.NodeId, topic, partition.Partition);
        if (leadership != ErrorCode.None)
        {
            return leadership;
        }
        try
        {
            if (partition.Topic == TopicNames.ConsumerOffsets)
            {
                var error = await groups.CompleteTransactionAsync(partition.Partition, producerId, producerEpoch, coordinatorEpoch, commit).ConfigureAwait(false);
                // As Kafka: the transaction coordinator retries these, so they read as a leader that is not ready.
                return error is ErrorCode.CoordinatorNotAvailable or ErrorCode.CoordinatorLoadInProgress or ErrorCode.NotCoordinator
                    ? ErrorCode.NotLeaderOrFollower
                    : error;
            }
            var info = await log.AppendEndTxnMarkerAsync(producerId, producerEpoch, coordinatorEpoch, commit, Leadership.LeaderEpoch(topic, partition.Partition))
                .ConfigureAwait(false);
            replicas!.NotifyAppended(partition.Topic, partition.Partition);
            // Markers are written with acks=all: the answer waits for the ISR, which a single node is alone.
            return log.HighWatermark > info.LastOffset ? ErrorCode.None : await replicated(partition, info.LastOffset + 1, ReplicationTimeoutMs).ConfigureAwait(false);
        }
        catch (ProducerAppendException e)
        {
            return e.Error switch
            {
                ProducerAppendError.InvalidProducerEpoch => ErrorCode.InvalidProducerEpoch,
                ProducerAppendError.TransactionCoordinatorFenced => ErrorCode.TransactionCoordinatorFenced,
                ProducerAppendError.OutOfOrderSequence => ErrorCode.OutOfOrderSequenceNumber,
                ProducerAppendError.UnknownProducerId => ErrorCode.UnknownProducerId,
                _ => ErrorCode.InvalidTxnState,
            };
        }
        catch (ObjectDisposedException)
        {
            return ErrorCode.NotLeaderOrFollower;
        }
        catch (IOException)
        {
            return ErrorCode.KafkaStorageError;
        }
#pragma warning disable CA1031 // Anything else is reported as Kafka reports an unexpected failure; the coordinator retries.
        catch (Exception)
        {
            return ErrorCode.UnknownServerError;
        }
#pragma warning restore CA1031
    }
}
