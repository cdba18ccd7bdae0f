using System.Buffers;
using System.Collections.Immutable;
using System.Text.Json;

namespace KafkaNet.Broker.Topics;

/// <summary>
/// The topic registry on disk: one JSON document in the data directory, replaced atomically
/// on every change (see <see cref="DurableFile"/>). Small enough to rewrite whole: topics change
/// rarely, and one file cannot be half-updated.
/// </summary>
internal sealed class TopicRegistryFile
{
    public const string FileName = "topics.json";
    private const int FormatVersion = 1;

    public TopicRegistryFile(string dataDirectory, string fileName = FileName)
    {
        Directory.CreateDirectory(dataDirectory);
        Path = System.IO.Path.Combine(dataDirectory, fileName);
    }

    public string Path { get; }

    /// <summary>
    /// Reads the topics. A leftover temporary file is a write that never reached its rename, so it
    /// is discarded; a damaged main file stops the broker rather than forgetting topics.
    /// </summary>
    public IReadOnlyList<TopicInfo> Load()
    {
        DurableFile.DeleteLeftover(Path);
        if (!File.Exists(Path))
        {
            return [];
        }
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(Path));
            var root = document.RootElement;
            int version = root.GetProperty("version").GetInt32();
            if (version != FormatVersion)
            {
                throw new InvalidDataException($"{Path} has format version {version}; this broker reads version {FormatVersion}");
            }
            var topics = new List<TopicInfo>();
            foreach (var topic in root.GetProperty("topics").EnumerateArray())
            {
                var configs = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
                foreach (var config in topic.GetProperty("configs").EnumerateObject())
                {
                    configs[config.Name] = config.Value.GetString()!;
                }
                topics.Add(new TopicInfo(
                    topic.GetProperty("name").GetString()!,
                    topic.GetProperty("id").GetGuid(),
                    topic.GetProperty("partitions").GetInt32(),
                    topic.GetProperty("replicationFactor").GetInt16(),
                    configs.ToImmutable()));
            }
            return topics;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{Path} is damaged: {e.Message}", e);
        }
    }

    public void Save(IEnumerable<TopicInfo> topics)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", FormatVersion);
            writer.WriteStartArray("topics");
            foreach (var topic in topics)
            {
                writer.WriteStartObject();
                writer.WriteString("name", topic.Name);
                writer.WriteString("id", topic.TopicId);
                writer.WriteNumber("partitions", topic.PartitionCount);
                writer.WriteNumber("replicationFactor", topic.ReplicationFactor);
                writer.WriteStartObject("configs");
                foreach (var (name, value) in topic.Configs)
                {
                    writer.WriteString(name, value);
                }
                writer.WriteEndObject();
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        DurableFile.Replace(Path, buffer.WrittenSpan);
    }
}
