using KafkaNet.Broker.Shares.Assignment;

namespace KafkaNet.Broker.Tests.Shares.Assignment;

/// <summary>Builds assignor inputs and prints assignments as short, comparable text.</summary>
internal static class AssignmentText
{
    private static readonly Dictionary<Guid, string> NamesById = [];

    public static ShareAssignableTopic Topic(string name, int partitions)
    {
        var id = TopicId(name);
        NamesById.TryAdd(id, name);
        return new ShareAssignableTopic(name, id, partitions);
    }

    /// <summary>A fixed id per name, so tests can compare assignments across runs.</summary>
    public static Guid TopicId(string name)
    {
        var bytes = new byte[16];
        System.Text.Encoding.UTF8.GetBytes(name.PadRight(16, '_')[..16]).CopyTo(bytes, 0);
        return new Guid(bytes);
    }

    public static ShareAssignorMember Member(string id, params string[] topics) => new(id, topics);

    public static ShareTopicPartition Tp(string topic, int partition) => new(TopicId(topic), partition);

    public static readonly IReadOnlyDictionary<string, IReadOnlySet<ShareTopicPartition>> NoCurrent =
        new Dictionary<string, IReadOnlySet<ShareTopicPartition>>();

    /// <summary>"m1: a-0 a-1 | m2: b-0", members and partitions in order.</summary>
    public static string Text(IReadOnlyDictionary<string, IReadOnlySet<ShareTopicPartition>> assignment) =>
        string.Join(" | ", assignment.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => $"{kv.Key}:{string.Concat(kv.Value.Select(Name).Order(StringComparer.Ordinal).Select(p => " " + p))}"));

    public static string Name(ShareTopicPartition tp) => $"{NamesById[tp.TopicId]}-{tp.Partition}";

    public static Dictionary<ShareTopicPartition, int> SharingOf(IReadOnlyDictionary<string, IReadOnlySet<ShareTopicPartition>> assignment) =>
        assignment.Values.SelectMany(p => p).GroupBy(p => p).ToDictionary(g => g.Key, g => g.Count());
}
