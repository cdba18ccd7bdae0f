using System.Buffers.Binary;
using KafkaNet.Broker.Transactions;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.Protocol.Records;

namespace KafkaNet.Cli.DumpLog;

/// <summary>
/// --transaction-log-decoder: a __transaction_state record in Kafka's words, the key as
/// transaction_metadata::transactionalId=ID and the value as producerId:..,producerEpoch:..,state=..,partitions=[..],...
/// </summary>
internal static class TransactionLogRecordText
{
    private const short KeyVersion = 0;

    public static (string? Key, string? Payload) Decode(scoped in Record record)
    {
        if (record.IsKeyNull || record.Key.Length < 2)
        {
            return ($"Error at offset {record.Offset}, skipping. The record has no key.", null);
        }

        short keyVersion = BinaryPrimitives.ReadInt16BigEndian(record.Key);
        if (keyVersion != KeyVersion)
        {
            return ($"unknown::version={keyVersion}", null);
        }

        try
        {
            var keyReader = new KafkaReader(record.Key[2..].ToArray());
            string key = $"transaction_metadata::transactionalId={TransactionLogKey.Read(ref keyReader, KeyVersion).TransactionalId}";
            return (key, record.IsValueNull ? "<DELETE>" : Value(record.Value));
        }
        catch (KafkaProtocolException e)
        {
            return ($"Error at offset {record.Offset}, skipping. {e.Message}", null);
        }
    }

    private static string Value(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 2)
        {
            throw KafkaProtocolException.Malformed($"a value of {bytes.Length} bytes has no version");
        }

        var reader = new KafkaReader(bytes[2..].ToArray());
        TransactionLogValue value = TransactionLogValue.Read(ref reader, BinaryPrimitives.ReadInt16BigEndian(bytes));
        var partitions = (value.TransactionPartitions ?? []).SelectMany(t => t.PartitionIds.Select(p => $"{t.Topic}-{p}"));
        return $"producerId:{value.ProducerId},producerEpoch:{value.ProducerEpoch},state={(TransactionState)value.TransactionStatus}," +
            $"partitions=[{string.Join(',', partitions)}],txnLastUpdateTimestamp={value.TransactionLastUpdateTimestampMs}," +
            $"txnTimeoutMs={value.TransactionTimeoutMs}";
    }
}
