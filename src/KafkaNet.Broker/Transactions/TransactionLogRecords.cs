using System.Buffers.Binary;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.Storage;

namespace KafkaNet.Broker.Transactions;

/// <summary>
/// The records of __transaction_state in Kafka's layout: key = int16 key version (0) + TransactionLogKey,
/// value = int16 value version + TransactionLogValue at that version, null value = the id was removed.
/// </summary>
internal static class TransactionLogRecords
{
    public const short KeyVersion = 0;

    public static byte[] Key(string transactionalId) =>
        Frame(KeyVersion, new TransactionLogKey { TransactionalId = transactionalId });

    /// <summary>
    /// Version 0, which every Kafka reads, unless the transaction carries what only version 1 holds (producer id
    /// rotation or transaction version 2, as Kafka 4 writes them).
    /// </summary>
    public static byte[] Value(TransactionTransit transit)
    {
        ArgumentNullException.ThrowIfNull(transit);
        var value = new TransactionLogValue
        {
            ProducerId = transit.ProducerId,
            PreviousProducerId = transit.PreviousProducerId,
            NextProducerId = transit.NextProducerId,
            ProducerEpoch = transit.ProducerEpoch,
            TransactionTimeoutMs = transit.TimeoutMs,
            TransactionStatus = (sbyte)transit.State,
            // Kafka writes no partition list for Empty.
            TransactionPartitions = transit.State == TransactionState.Empty ? null : Group(transit.Partitions),
            TransactionLastUpdateTimestampMs = transit.LastUpdateTimestamp,
            TransactionStartTimestampMs = transit.StartTimestamp,
            ClientTransactionVersion = transit.ClientTransactionVersion,
        };
        bool needsFlexible = transit.ClientTransactionVersion != 0 || transit.NextProducerId != TransactionMetadata.NoProducerId
            || (transit.PreviousProducerId != TransactionMetadata.NoProducerId && transit.PreviousProducerId != transit.ProducerId);
        short version = needsFlexible ? (short)1 : (short)0;
        return Frame(version, value);
    }

    /// <summary>The transactional id of a key, or false for a key of a version this broker does not know (skipped, as Kafka does).</summary>
    public static bool TryReadKey(ReadOnlySpan<byte> key, out string transactionalId)
    {
        transactionalId = "";
        if (key.Length < 2 || BinaryPrimitives.ReadInt16BigEndian(key) != KeyVersion)
        {
            return false;
        }
        try
        {
            var reader = new KafkaReader(key[2..].ToArray());
            transactionalId = TransactionLogKey.Read(ref reader, KeyVersion).TransactionalId;
            return true;
        }
        catch (KafkaProtocolException)
        {
            return false;
        }
    }

    /// <summary>The transaction a value describes, or null when the bytes are not a value this broker reads.</summary>
    public static TransactionMetadata? ReadValue(string transactionalId, ReadOnlySpan<byte> value)
    {
        if (value.Length < 2)
        {
            return null;
        }
        short version = BinaryPrimitives.ReadInt16BigEndian(value);
        if (version < TransactionLogValue.LowestVersion || version > TransactionLogValue.HighestVersion)
        {
            return null;
        }
        TransactionLogValue decoded;
        try
        {
            var reader = new KafkaReader(value[2..].ToArray());
            decoded = TransactionLogValue.Read(ref reader, version);
        }
        catch (KafkaProtocolException)
        {
            return null;
        }
        if (!TransactionStates.IsDefined(decoded.TransactionStatus))
        {
            return null;
        }
        var metadata = new TransactionMetadata(transactionalId, decoded.ProducerId, decoded.TransactionTimeoutMs, decoded.TransactionLastUpdateTimestampMs)
        {
            PreviousProducerId = decoded.PreviousProducerId,
            NextProducerId = decoded.NextProducerId,
            ProducerEpoch = decoded.ProducerEpoch,
            State = (TransactionState)decoded.TransactionStatus,
            StartTimestamp = decoded.TransactionStartTimestampMs,
            ClientTransactionVersion = decoded.ClientTransactionVersion,
        };
        if (metadata.State != TransactionState.Empty)
        {
            foreach (var topic in decoded.TransactionPartitions ?? [])
            {
                foreach (int partition in topic.PartitionIds)
                {
                    metadata.Partitions.Add(new TopicPartition(topic.Topic, partition));
                }
            }
        }
        return metadata;
    }

    private static List<TransactionLogValue.PartitionsSchema> Group(IEnumerable<TopicPartition> partitions) =>
        partitions.GroupBy(p => p.Topic, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new TransactionLogValue.PartitionsSchema { Topic = g.Key, PartitionIds = g.Select(p => p.Partition).Order().ToList() })
            .ToList();

    /// <summary>The int16 version, then the message at that version.</summary>
    private static byte[] Frame(short version, IKafkaMessage message)
    {
        var framed = new byte[sizeof(short) + message.Size(version)];
        var writer = new KafkaWriter(framed);
        writer.WriteInt16(version);
        message.Write(ref writer, version);
        return framed;
    }
}
