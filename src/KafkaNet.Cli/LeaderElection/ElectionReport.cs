using Confluent.Kafka;
using KafkaNet.Cli.Output;

namespace KafkaNet.Cli.LeaderElection;

/// <summary>
/// What `kafkanet leader-election` prints, in Kafka's words: the partitions that got a new leader, those whose leader
/// was already right, and one line per partition whose election failed. Partitions are in topic and partition order.
/// </summary>
internal static class ElectionReport
{
    private const int ElectionNotNeeded = (int)KafkaNet.Protocol.ErrorCode.ElectionNotNeeded;

    /// <summary>The lines, and how many partitions could not be elected.</summary>
    public static (string Text, int Failed) Describe(ElectionType type, IEnumerable<TopicPartitionError> results)
    {
        var sorted = Sorted(results);
        var elected = sorted.Where(r => !r.Error.IsError).ToList();
        var unneeded = sorted.Where(r => (int)r.Error.Code == ElectionNotNeeded).ToList();
        var failed = sorted.Where(r => r.Error.IsError && (int)r.Error.Code != ElectionNotNeeded).ToList();
        string name = TypeName(type);

        var lines = new List<string>();
        if (elected.Count > 0)
        {
            lines.Add($"Successfully completed leader election ({name}) for partitions {Names(elected)}");
        }

        if (unneeded.Count > 0)
        {
            lines.Add($"Valid replica already elected for partitions {Names(unneeded)}");
        }

        lines.AddRange(failed.Select(r => $"Error completing leader election ({name}) for partition: {Name(r)}: {KafkaErrorText.Describe(r.Error)}"));
        return (string.Join('\n', lines), failed.Count);
    }

    /// <summary>
    /// --output json: {"electionType": "PREFERRED", "partitions": [{"topic", "partition", "status", "error"}, ...]} in
    /// partition order, status "elected", "alreadyElected" (ELECTION_NOT_NEEDED) or "failed" with its error; and how
    /// many failed.
    /// </summary>
    public static (string Text, int Failed) Json(ElectionType type, IEnumerable<TopicPartitionError> results)
    {
        var partitions = Sorted(results).Select(r => new
        {
            r.Topic,
            Partition = r.Partition.Value,
            Status = !r.Error.IsError ? "elected" : (int)r.Error.Code == ElectionNotNeeded ? "alreadyElected" : "failed",
            Error = r.Error.IsError && (int)r.Error.Code != ElectionNotNeeded ? KafkaErrorText.Describe(r.Error) : null,
        }).ToList();
        return (JsonOutput.Serialize(new { ElectionType = TypeName(type), Partitions = partitions }), partitions.Count(p => p.Error is not null));
    }

    public static string TypeName(ElectionType type) => type == ElectionType.Preferred ? "PREFERRED" : "UNCLEAN";

    private static List<TopicPartitionError> Sorted(IEnumerable<TopicPartitionError> results) =>
        [.. results.OrderBy(r => r.Topic, StringComparer.Ordinal).ThenBy(r => r.Partition.Value)];

    private static string Names(IEnumerable<TopicPartitionError> partitions) => string.Join(", ", partitions.Select(Name));

    private static string Name(TopicPartitionError partition) => $"{partition.Topic}-{partition.Partition.Value}";
}
