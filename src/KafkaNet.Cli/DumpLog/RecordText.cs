using System.Text;
using KafkaNet.Protocol.Records;

namespace KafkaNet.Cli.DumpLog;

/// <summary>What --print-data-log shows of a record: its key and payload as text, each left out when null.</summary>
internal static class RecordText
{
    public static (string? Key, string? Payload) Decode(RecordDecoder decoder, scoped in Record record) => decoder switch
    {
        RecordDecoder.Offsets => OffsetsRecordText.Decode(record),
        RecordDecoder.TransactionLog => TransactionLogRecordText.Decode(record),
        RecordDecoder.ClusterMetadata => ClusterMetadataRecordText.Decode(record),
        _ => (record.IsKeyNull ? null : Encoding.UTF8.GetString(record.Key), record.IsValueNull ? null : Encoding.UTF8.GetString(record.Value)),
    };
}
