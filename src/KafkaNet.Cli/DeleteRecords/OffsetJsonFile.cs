using System.Text.Json;
using KafkaNet.Cli.Arguments;

namespace KafkaNet.Cli.DeleteRecords;

/// <summary>One partition of the offset JSON file and the offset to delete below (-1: its high watermark).</summary>
internal sealed record RecordsToDelete(string Topic, int Partition, long Offset);

/// <summary>
/// Kafka's offset JSON file: {"partitions": [{"topic": "orders", "partition": 0, "offset": 3}], "version": 1}; a missing
/// version is 1, the only one there is. Each partition may appear once.
/// </summary>
internal static class OffsetJsonFile
{
    /// <exception cref="CommandFailedException">The file cannot be read, is not such a document, or names a partition twice.</exception>
    public static IReadOnlyList<RecordsToDelete> Load(string path) => Parse(InputFile.ReadText(path));

    public static IReadOnlyList<RecordsToDelete> Parse(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            int version = root.TryGetProperty("version", out var v) ? v.GetInt32() : 1;
            if (version != 1)
            {
                throw new CommandFailedException($"Not supported version field value {version}");
            }

            if (!root.TryGetProperty("partitions", out var partitions))
            {
                throw new CommandFailedException("Missing partitions field");
            }

            var records = partitions.EnumerateArray()
                .Select(p => new RecordsToDelete(p.GetProperty("topic").GetString()!, p.GetProperty("partition").GetInt32(), p.GetProperty("offset").GetInt64()))
                .ToList();
            var duplicates = records.GroupBy(r => (r.Topic, r.Partition)).Where(g => g.Count() > 1).Select(g => $"{g.Key.Topic}-{g.Key.Partition}").ToList();
            if (duplicates.Count > 0)
            {
                throw new CommandFailedException($"Offset json file contains duplicate topic partitions: {string.Join(',', duplicates)}");
            }

            return records;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            throw new CommandFailedException($"The input string is not a valid offset JSON document: {e.Message}", e);
        }
    }
}
