using KafkaNet.Protocol.Messages;
using KafkaNet.Protocol.Records;

namespace KafkaNet.Broker.Tests.Idempotence;

/// <summary>Record batches as idempotent and transactional producers write them, and produce requests carrying them.</summary>
internal static class ProducerBatches
{
    /// <summary>
    /// <paramref name="count"/> records from producer <paramref name="producerId"/> at <paramref name="epoch"/> whose
    /// first sequence is <paramref name="baseSequence"/>; values name the sequence of each record.
    /// </summary>
    public static byte[] Batch(long producerId, short epoch, int baseSequence, int count = 1, bool transactional = false, bool control = false, long? timestamp = null)
    {
        using var builder = new RecordBatchBuilder
        {
            ProducerId = producerId,
            ProducerEpoch = epoch,
            BaseSequence = baseSequence,
            IsTransactional = transactional,
            IsControl = control,
        };
        long time = timestamp ?? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        for (int i = 0; i < count; i++)
        {
            builder.Append(time, NullableBytes.Null, new NullableBytes(System.Text.Encoding.UTF8.GetBytes($"seq-{baseSequence + i}")));
        }
        return builder.ToArray();
    }

    /// <summary>A batch of a producer that is neither idempotent nor transactional.</summary>
    public static byte[] Plain(int count = 1) => Batch(RecordBatchHeader.NoProducerId, RecordBatchHeader.NoProducerEpoch, RecordBatchHeader.NoSequence, count);

    public static ProduceRequest Request(string topic, int partition, byte[] records, short acks = -1, string? transactionalId = null) =>
        Request(acks, transactionalId, (topic, partition, records));

    public static ProduceRequest Request(short acks, string? transactionalId, params (string Topic, int Partition, byte[] Records)[] partitions)
    {
        var request = new ProduceRequest { Acks = acks, TimeoutMs = 5000, TransactionalId = transactionalId };
        foreach (var group in partitions.GroupBy(p => p.Topic))
        {
            var topic = new ProduceRequest.TopicProduceData { Name = group.Key };
            foreach (var (_, partition, records) in group)
            {
                topic.PartitionData.Add(new ProduceRequest.PartitionProduceData { Index = partition, Records = records });
            }
            request.TopicData.Add(topic);
        }
        return request;
    }
}
