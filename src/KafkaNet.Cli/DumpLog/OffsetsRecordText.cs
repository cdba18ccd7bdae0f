using System.Buffers.Binary;
using System.Reflection;
using KafkaNet.Broker.Groups.Records;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.Protocol.Records;

namespace KafkaNet.Cli.DumpLog;

/// <summary>
/// --offsets-decoder: a __consumer_offsets record as Kafka prints it, the key as {"type":"N","data":{...}} and the
/// value as {"version":"N","data":{...}} or &lt;DELETE&gt; for a tombstone. A classic consumer group's member
/// subscriptions and assignments are decoded too.
/// </summary>
internal static class OffsetsRecordText
{
    private const string ConsumerProtocolType = "consumer";

    public static (string? Key, string? Payload) Decode(scoped in Record record)
    {
        if (record.IsKeyNull)
        {
            return ($"Error at offset {record.Offset}, skipping. The record has no key.", null);
        }

        if (!CoordinatorRecordSerde.TryDeserialize(record.Key, record.Value, record.IsValueNull, out CoordinatorRecord? decoded, out string? problem))
        {
            return ($"Error at offset {record.Offset}, skipping. {problem}", null);
        }

        short type = BinaryPrimitives.ReadInt16BigEndian(record.Key);
        if (decoded is null)
        {
            return ($"Unknown record type {type} at offset {record.Offset}, skipping.", null);
        }

        string key = $"{{\"type\":\"{type}\",\"data\":{MessageJson.Write(decoded.Key, 0)}}}";
        if (decoded.Value is null)
        {
            return (key, "<DELETE>");
        }

        MessageJson.Expand? expand = decoded.Value is GroupMetadataValue { ProtocolType: ConsumerProtocolType } ? ConsumerProtocol : null;
        return (key, $"{{\"version\":\"{decoded.ValueVersion}\",\"data\":{MessageJson.Write(decoded.Value, decoded.ValueVersion, expand)}}}");
    }

    // A member's subscription and assignment are an int16 version and the message at it; bytes that are not stay bytes.
    private static bool ConsumerProtocol(PropertyInfo field, object? value, out IKafkaMessage? message, out short version)
    {
        message = null;
        version = 0;
        if (value is not ReadOnlyMemory<byte> bytes || bytes.Length < 2 || field.DeclaringType != typeof(GroupMetadataValue.MemberMetadata))
        {
            return false;
        }

        version = BinaryPrimitives.ReadInt16BigEndian(bytes.Span);
        var reader = new KafkaReader(bytes[2..]);
        try
        {
            message = field.Name switch
            {
                nameof(GroupMetadataValue.MemberMetadata.Subscription) => ConsumerProtocolSubscription.Read(ref reader, version),
                nameof(GroupMetadataValue.MemberMetadata.Assignment) => ConsumerProtocolAssignment.Read(ref reader, version),
                _ => null,
            };
            return message is not null;
        }
        catch (KafkaProtocolException)
        {
            return false;
        }
    }
}
