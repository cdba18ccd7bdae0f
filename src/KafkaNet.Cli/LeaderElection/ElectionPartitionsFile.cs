using System.Text.Json;
using Confluent.Kafka;
using KafkaNet.Cli.Arguments;

namespace KafkaNet.Cli.LeaderElection;

/// <summary>A --path-to-json-file: {"partitions": [{"topic": "orders", "partition": 0}, ...]}.</summary>
internal static class ElectionPartitionsFile
{
    /// <exception cref="CommandFailedException">The file cannot be read, is not such a document, or names a partition twice.</exception>
    public static IReadOnlyList<TopicPartition> Load(string path) => Parse(InputFile.ReadText(path));

    public static IReadOnlyList<TopicPartition> Parse(string json)
    {
        var partitions = new List<TopicPartition>();
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("partitions", out var list))
            {
                throw new CommandFailedException("Replica election data is missing \"partitions\" field");
            }

            foreach (var entry in list.EnumerateArray())
            {
                partitions.Add(new TopicPartition(entry.GetProperty("topic").GetString()!, entry.GetProperty("partition").GetInt32()));
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            throw new CommandFailedException($"Replica election data is not valid: {e.Message}", e);
        }

        var duplicates = partitions.GroupBy(p => p).Where(g => g.Count() > 1).Select(g => Name(g.Key)).ToList();
        if (duplicates.Count > 0)
        {
            throw new CommandFailedException($"Replica election data contains duplicate partitions: {string.Join(",", duplicates)}");
        }

        return partitions;
    }

    private static string Name(TopicPartition partition) => $"{partition.Topic}-{partition.Partition.Value}";
}
