using System.Globalization;
using System.Text;
using Confluent.Kafka;

namespace KafkaNet.Cli.ConsoleClients;

/// <summary>
/// How console-consumer prints a record, in Kafka's order: timestamp, partition, offset, headers,
/// key and value, separated by key.separator and ended by line.separator.
/// </summary>
internal sealed record RecordFormat(
    bool PrintKey = false,
    bool PrintValue = true,
    bool PrintTimestamp = false,
    bool PrintPartition = false,
    bool PrintOffset = false,
    bool PrintHeaders = false,
    string KeySeparator = "\t",
    string LineSeparator = "\n",
    string HeadersSeparator = ",",
    string NullLiteral = "null")
{
    /// <summary>"CreateTime:1700000000000\tPartition:0\tOffset:5\tkey\tvalue\n" with every field printed.</summary>
    public string Format(ConsumeResult<byte[]?, byte[]?> record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var fields = new List<string>(6);
        if (PrintTimestamp)
        {
            fields.Add(Timestamp(record.Message.Timestamp));
        }

        if (PrintPartition)
        {
            fields.Add(string.Create(CultureInfo.InvariantCulture, $"Partition:{record.Partition.Value}"));
        }

        if (PrintOffset)
        {
            fields.Add(string.Create(CultureInfo.InvariantCulture, $"Offset:{record.Offset.Value}"));
        }

        if (PrintHeaders)
        {
            var headers = record.Message.Headers;
            fields.Add(headers is null || headers.Count == 0
                ? "NO_HEADERS"
                : string.Join(HeadersSeparator, headers.Select(h => $"{h.Key}:{Text(h.GetValueBytes())}")));
        }

        if (PrintKey)
        {
            fields.Add(Text(record.Message.Key));
        }

        if (PrintValue)
        {
            fields.Add(Text(record.Message.Value));
        }

        // As Kafka's tool: the last field printed ends the line, and a record with no field printed prints nothing.
        return fields.Count == 0 ? string.Empty : string.Join(KeySeparator, fields) + LineSeparator;
    }

    private static string Timestamp(Timestamp timestamp) => timestamp.Type switch
    {
        TimestampType.CreateTime => string.Create(CultureInfo.InvariantCulture, $"CreateTime:{timestamp.UnixTimestampMs}"),
        TimestampType.LogAppendTime => string.Create(CultureInfo.InvariantCulture, $"LogAppendTime:{timestamp.UnixTimestampMs}"),
        _ => "NO_TIMESTAMP",
    };

    private string Text(byte[]? bytes) => bytes is null ? NullLiteral : Encoding.UTF8.GetString(bytes);
}
