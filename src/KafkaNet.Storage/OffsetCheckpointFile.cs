using System.Globalization;
using System.Text;

namespace KafkaNet.Storage;

/// <summary>
/// Kafka's per-log-dir checkpoint text files (recovery-point-offset-checkpoint, log-start-offset-checkpoint):
/// a version line <c>0</c>, a count line, then one <c>topic partition offset</c> line per partition.
/// Written to a temporary file, fsynced, then renamed over the old one so a crash leaves one or the other.
/// </summary>
public static class OffsetCheckpointFile
{
    private const int Version = 0;

    public static void Write(string path, IReadOnlyDictionary<TopicPartition, long> offsets)
    {
        ArgumentNullException.ThrowIfNull(offsets);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Version}\n{offsets.Count}\n");
        foreach (KeyValuePair<TopicPartition, long> entry in offsets)
        {
            text.Append(CultureInfo.InvariantCulture, $"{entry.Key.Topic} {entry.Key.Partition} {entry.Value}\n");
        }

        AtomicFile.WriteAllText(path, text.ToString());
    }

    /// <summary>Reads a checkpoint; an absent file is empty.</summary>
    /// <exception cref="InvalidDataException">The file is not in the checkpoint format.</exception>
    public static Dictionary<TopicPartition, long> Read(string path)
    {
        var offsets = new Dictionary<TopicPartition, long>();
        if (!File.Exists(path))
        {
            return offsets;
        }

        string[] lines = File.ReadAllLines(path);
        int count = AtomicFile.ReadHeader(lines, Version, path);
        for (int i = 0; i < count; i++)
        {
            string[] parts = lines[i + 2].Split(' ');
            if (parts.Length != 3
                || !int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int partition)
                || !long.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out long offset))
            {
                throw new InvalidDataException($"Malformed line '{lines[i + 2]}' in {path}.");
            }

            offsets[new TopicPartition(parts[0], partition)] = offset;
        }

        return offsets;
    }
}
