using KafkaNet.Broker.Transactions;

namespace KafkaNet.Broker.Topics;

/// <summary>What a single node kept in files before it had a metadata log: its topics and where producer ids go on.</summary>
/// <param name="Topics">Every topic of topics.json, with its id, partition count and config overrides.</param>
/// <param name="NextProducerId">The first producer id never handed out (the producer-ids file), 0 when none was.</param>
public sealed record StandaloneMetadata(IReadOnlyList<TopicInfo> Topics, long NextProducerId);

/// <summary>
/// The takeover of a single node's topics.json by the metadata log, in three steps that survive a crash between
/// any two: <see cref="Take"/> renames topics.json to topics.json.importing (so the broker, which reads topics.json,
/// starts with no topics and never judges its logs by it again) and returns its content; the caller writes it to the
/// metadata log, skipping what an earlier attempt already wrote; <see cref="Finish"/> renames the file to
/// topics.json.migrated, kept for the operator.
/// </summary>
public static class StandaloneMetadataFiles
{
    public const string ImportingSuffix = ".importing";
    public const string MigratedSuffix = ".migrated";

    /// <summary>
    /// The topics still to be written to the metadata log: from topics.json.importing when an earlier takeover did not
    /// finish, else from topics.json (moved aside first); null when there is neither.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is damaged: nothing is moved, and the node must not start.</exception>
    public static StandaloneMetadata? Take(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        string current = Path.Combine(dataDirectory, TopicRegistryFile.FileName);
        string importing = current + ImportingSuffix;
        DurableFile.DeleteLeftover(current);
        IReadOnlyList<TopicInfo> topics;
        if (File.Exists(importing))
        {
            topics = ReadTopics(importing);
        }
        else if (File.Exists(current))
        {
            // Read before moving: a damaged file stays where the operator expects it.
            topics = ReadTopics(current);
            DurableFile.Move(current, importing);
        }
        else
        {
            return null;
        }
        long nextProducerId = File.Exists(Path.Combine(dataDirectory, ProducerIdManager.FileName))
            ? new ProducerIdManager(dataDirectory).NextBlockStart
            : 0;
        return new StandaloneMetadata(topics, nextProducerId);
    }

    /// <summary>Marks the takeover done: the metadata log holds everything topics.json held.</summary>
    public static void Finish(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        string importing = Path.Combine(dataDirectory, TopicRegistryFile.FileName + ImportingSuffix);
        if (File.Exists(importing))
        {
            DurableFile.Move(importing, Path.Combine(dataDirectory, TopicRegistryFile.FileName + MigratedSuffix));
        }
    }

    private static IReadOnlyList<TopicInfo> ReadTopics(string path) =>
        new TopicRegistryFile(Path.GetDirectoryName(path)!, Path.GetFileName(path)).Load();
}
