using System.Globalization;

namespace KafkaNet.Storage;

/// <summary>A topic name and partition number; names the partition's directory as Kafka does.</summary>
public readonly record struct TopicPartition(string Topic, int Partition)
{
    /// <summary>Directory name under the log dir: <c>topic-partition</c>.</summary>
    public string DirectoryName => string.Create(CultureInfo.InvariantCulture, $"{Topic}-{Partition}");

    /// <summary>Parses a directory name; the partition is after the last dash.</summary>
    public static bool TryParseDirectoryName(string name, out TopicPartition topicPartition)
    {
        ArgumentNullException.ThrowIfNull(name);
        int dash = name.LastIndexOf('-');
        if (dash > 0 && int.TryParse(name.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int partition))
        {
            topicPartition = new TopicPartition(name[..dash], partition);
            return true;
        }

        topicPartition = default;
        return false;
    }

    public override string ToString() => DirectoryName;
}
