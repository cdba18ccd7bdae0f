using System.Text;
using System.Text.Json;
using KafkaNet.Cli.Arguments;

namespace KafkaNet.Cli.Reassignment;

/// <summary>
/// Kafka's reassignment documents: {"version":1,"partitions":[{"topic":"orders","partition":0,"replicas":[1,2],
/// "log_dirs":["any","any"]}]} for --reassignment-json-file and what --generate and --execute print, and
/// {"version":1,"topics":[{"topic":"orders"}]} for --topics-to-move-json-file.
/// </summary>
internal static class ReassignmentJson
{
    private const string AnyLogDir = "any";

    /// <summary>The partitions and target replicas of a reassignment document, in its order.</summary>
    /// <exception cref="CommandFailedException">Not such a document, or one that asks to move a replica to a particular log directory.</exception>
    public static IReadOnlyList<PartitionReplicas> ParsePartitions(string json) => Read(json, root =>
    {
        var partitions = new List<PartitionReplicas>();
        foreach (var entry in Array(root, "partitions"))
        {
            var target = new PartitionReplicas(entry.GetProperty("topic").GetString()!, entry.GetProperty("partition").GetInt32(),
                [.. entry.GetProperty("replicas").EnumerateArray().Select(r => r.GetInt32())]);
            if (entry.TryGetProperty("log_dirs", out var logDirs))
            {
                var dirs = logDirs.EnumerateArray().Select(d => d.GetString()).ToList();
                if (dirs.Count != target.Replicas.Count)
                {
                    throw new CommandFailedException($"Size of replicas list [{PartitionReplicas.Ids(target.Replicas)}] is different from size of log dirs list [{string.Join(',', dirs)}] for partition {target.Name}");
                }

                if (dirs.Any(d => d != AnyLogDir))
                {
                    throw new CommandFailedException($"Moving replicas between log directories is not supported: the log_dirs of {target.Name} must be \"{AnyLogDir}\".");
                }
            }

            partitions.Add(target);
        }

        return partitions;
    });

    /// <summary>The topic names of a topics-to-move document, in its order.</summary>
    public static IReadOnlyList<string> ParseTopics(string json) =>
        Read(json, root => (IReadOnlyList<string>)[.. Array(root, "topics").Select(t => t.GetProperty("topic").GetString()!)]);

    /// <summary>The document for these partitions, sorted by topic and partition, on one line as Kafka prints it.</summary>
    public static string Format(IEnumerable<PartitionReplicas> partitions)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", 1);
            writer.WriteStartArray("partitions");
            foreach (var p in PartitionReplicas.Sorted(partitions))
            {
                writer.WriteStartObject();
                writer.WriteString("topic", p.Topic);
                writer.WriteNumber("partition", p.Partition);
                writer.WriteStartArray("replicas");
                foreach (int id in p.Replicas)
                {
                    writer.WriteNumberValue(id);
                }

                writer.WriteEndArray();
                writer.WriteStartArray("log_dirs");
                foreach (int _ in p.Replicas)
                {
                    writer.WriteStringValue(AnyLogDir);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static T Read<T>(string json, Func<JsonElement, T> read)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new CommandFailedException("The input string is not a valid JSON object");
            }

            if (root.TryGetProperty("version", out var version) && version.GetInt32() != 1)
            {
                throw new CommandFailedException($"Not supported version field value {version.GetRawText()}");
            }

            return read(root);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            throw new CommandFailedException($"The input string is not a valid reassignment JSON: {e.Message}", e);
        }
    }

    /// <summary>The array property, or none when it is missing, as Kafka's tool reads it.</summary>
    private static IEnumerable<JsonElement> Array(JsonElement root, string name) =>
        root.TryGetProperty(name, out var array) ? array.EnumerateArray() : [];
}
