namespace KafkaNet.Broker.Storage;

/// <summary>
/// The id of the topic a partition directory was made for, in Kafka's <c>partition.metadata</c> file beside its
/// segments (<c>version: 0</c>, then <c>topic_id:</c> and the id in URL-safe base64, as Kafka writes it).
/// Directories are named by topic name, so once a topic was deleted and created again under that
/// name, replaying the metadata log at startup deletes the old topic after the new one's data is
/// on disk: the id tells that deletion the directory is no longer its topic's.
/// </summary>
internal static class PartitionTopicId
{
    public const string FileName = "partition.metadata";

    private const string VersionLine = "version: 0";
    private const string TopicIdKey = "topic_id:";

    /// <summary>The id written in <paramref name="directory"/>, or null when none was (older data, or a topic without id) or it cannot be read.</summary>
    public static Guid? Read(string directory)
    {
        try
        {
            return Parse(File.ReadAllLines(Path.Combine(directory, FileName)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // unreadable counts as unmarked: the directory is handled as before ids were written
        }
    }

    /// <summary>Writes the id unless the directory already has one: a replayed creation of an older topic keeps the newer id.</summary>
    public static void WriteIfAbsent(string directory, Guid topicId, bool durable)
    {
        string path = Path.Combine(directory, FileName);
        if (topicId == Guid.Empty || File.Exists(path))
        {
            return;
        }
        // Written aside and renamed: a crash never leaves a torn id (the log loader removes *.tmp leftovers).
        string temporary = path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            file.Write(System.Text.Encoding.ASCII.GetBytes($"{VersionLine}\n{TopicIdKey} {KafkaUuid.Format(topicId)}\n"));
            if (durable)
            {
                file.Flush(flushToDisk: true);
            }
        }
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>True when <paramref name="directory"/> is marked as another topic's than <paramref name="topicId"/>.</summary>
    public static bool BelongsToAnother(string directory, Guid topicId) =>
        topicId != Guid.Empty && Read(directory) is { } owner && owner != topicId;

    private static Guid? Parse(string[] lines)
    {
        if (lines.Length < 2 || lines[0].Trim() != VersionLine || !lines[1].StartsWith(TopicIdKey, StringComparison.Ordinal))
        {
            return null;
        }
        return KafkaUuid.TryParse(lines[1][TopicIdKey.Length..].Trim(), out var id) ? id : null;
    }
}
