using System.Globalization;
using KafkaNet.Cli.Output;

namespace KafkaNet.Cli.Topics;

/// <summary>What `kafkanet topics` prints: aligned tables for people, one JSON document with --output json.</summary>
internal static class TopicsView
{
    /// <summary>Which part of --describe to show.</summary>
    internal enum DescribeFilter
    {
        All,
        TopicsWithOverrides,
        UnderReplicatedPartitions,
        UnavailablePartitions,
    }

    public static string List(IReadOnlyList<string> topics, bool json) =>
        json ? JsonOutput.Serialize(new { topics }) : string.Join('\n', topics);

    /// <summary>
    /// A table of topics (name, id, partition count, replication factor, overriding configs) then a table of their
    /// partitions (leader, replicas, in-sync replicas). --topics-with-overrides shows only the topics that have
    /// overrides and no partitions; the partition filters show only the matching partitions and no topics.
    /// </summary>
    public static string Describe(IReadOnlyList<TopicReport> topics, DescribeFilter filter, bool json)
    {
        var shown = filter == DescribeFilter.TopicsWithOverrides ? topics.Where(t => t.Configs.Count > 0).ToList() : topics;
        Func<PartitionReport, bool> partitionShown = filter switch
        {
            DescribeFilter.UnderReplicatedPartitions => p => p.IsUnderReplicated,
            DescribeFilter.UnavailablePartitions => p => p.IsUnavailable,
            _ => _ => true,
        };
        if (json)
        {
            return JsonOutput.Serialize(new
            {
                topics = shown.Select(t => t with { Partitions = filter == DescribeFilter.TopicsWithOverrides ? [] : [.. t.Partitions.Where(partitionShown)] })
                    .Where(t => filter is DescribeFilter.All or DescribeFilter.TopicsWithOverrides || t.Partitions.Count > 0),
            });
        }

        var tables = new List<TextTable>();
        if (filter is DescribeFilter.All or DescribeFilter.TopicsWithOverrides)
        {
            var table = new TextTable("Topic", "TopicId", "PartitionCount", "ReplicationFactor", "Configs");
            foreach (var t in shown)
            {
                table.Add(t.Name, t.TopicId, Number(t.PartitionCount), Number(t.ReplicationFactor), string.Join(',', t.Configs.Select(c => $"{c.Key}={c.Value}")));
            }

            tables.Add(table);
        }

        if (filter != DescribeFilter.TopicsWithOverrides)
        {
            var table = new TextTable("Topic", "Partition", "Leader", "Replicas", "Isr");
            foreach (var t in shown)
            {
                foreach (var p in t.Partitions.Where(partitionShown))
                {
                    table.Add(t.Name, Number(p.Partition), p.Leader is { } leader ? Number(leader) : "none", Ids(p.Replicas), Ids(p.Isr));
                }
            }

            tables.Add(table);
        }

        return string.Join("\n\n", tables.Where(t => t.RowCount > 0));
    }

    /// <summary>The topics a create, alter or delete changed, e.g. {"created": ["orders"]}.</summary>
    public static string Changed(string verb, string what, IReadOnlyList<string> topics, bool json) =>
        json ? JsonOutput.Serialize(new Dictionary<string, IReadOnlyList<string>> { [verb] = topics })
        : string.Join('\n', topics.Select(t => $"{what} topic {t}."));

    private static string Ids(IEnumerable<int> ids) => string.Join(',', ids.Select(Number));

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
