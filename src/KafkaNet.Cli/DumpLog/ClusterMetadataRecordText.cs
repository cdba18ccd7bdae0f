using System.Text;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.Protocol.Metadata;
using KafkaNet.Protocol.Records;

namespace KafkaNet.Cli.DumpLog;

/// <summary>
/// --cluster-metadata-decoder: a metadata log record's value as {"type":"TOPIC_RECORD","version":0,"data":{...}},
/// as Kafka prints it; metadata records have no key.
/// </summary>
internal static class ClusterMetadataRecordText
{
    public static (string? Key, string? Payload) Decode(scoped in Record record)
    {
        try
        {
            MetadataRecord decoded = MetadataRecordReader.ReadFrame(record.Value.ToArray());
            string name = ConstantName(MetadataRecordTable.NameOf(decoded.Type) ?? decoded.Type.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return (null, $"{{\"type\":\"{name}\",\"version\":{decoded.Version},\"data\":{MessageJson.Write(decoded.Message, decoded.Version)}}}");
        }
        catch (KafkaProtocolException e)
        {
            return (null, $"Error at {record.Offset}, skipping. {e.Message}");
        }
    }

    /// <summary>TopicRecord becomes TOPIC_RECORD, the name of Kafka's MetadataRecordType constant.</summary>
    private static string ConstantName(string name)
    {
        var text = new StringBuilder();
        for (int i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]) && !char.IsUpper(name[i - 1]))
            {
                text.Append('_');
            }

            text.Append(char.ToUpperInvariant(name[i]));
        }

        return text.ToString();
    }
}
