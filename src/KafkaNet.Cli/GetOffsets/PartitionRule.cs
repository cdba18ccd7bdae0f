using System.Globalization;
using System.Text.RegularExpressions;
using KafkaNet.Cli.Arguments;

namespace KafkaNet.Cli.GetOffsets;

/// <summary>
/// Which partitions of which topics get-offsets asks about: a regular expression matching whole topic names, and
/// partitions from <see cref="From"/> (included) to <see cref="To"/> (excluded), or only those of <see cref="Only"/>.
/// </summary>
internal sealed record PartitionRule(Regex Topic, int From, int To, IReadOnlySet<int>? Only)
{
    public bool MatchesTopic(string topic) => Topic.IsMatch(topic);

    public bool Matches(string topic, int partition) =>
        MatchesTopic(topic) && (Only is null ? partition >= From && partition < To : Only.Contains(partition));

    /// <summary>--topic REGEX and --partitions P,P (empty: every partition).</summary>
    public static PartitionRule OfTopicAndPartitions(string? topic, string? partitions)
    {
        if (partitions is null or "")
        {
            return new PartitionRule(TopicPattern(topic ?? ".*"), 0, int.MaxValue, null);
        }

        var only = new HashSet<int>();
        foreach (string partition in partitions.Split(','))
        {
            if (!int.TryParse(partition, NumberStyles.None, CultureInfo.InvariantCulture, out int number))
            {
                throw new UsageException($"--partitions expects a comma separated list of numeric partition ids, but received: {partitions}");
            }

            only.Add(number);
        }

        return new PartitionRule(TopicPattern(topic ?? ".*"), 0, int.MaxValue, only);
    }

    /// <summary>One rule of --topic-partitions: TOPIC_REGEX, TOPIC_REGEX:N, :FROM-TO, TOPIC_REGEX:FROM- or TOPIC_REGEX:-TO.</summary>
    public static PartitionRule OfRule(string rule)
    {
        int colon = rule.IndexOf(':', StringComparison.Ordinal);
        string topic = colon < 0 ? rule : rule[..colon];
        var pattern = TopicPattern(topic.Length == 0 ? ".*" : topic);
        if (colon < 0)
        {
            return new PartitionRule(pattern, 0, int.MaxValue, null);
        }

        string partitions = rule[(colon + 1)..];
        int dash = partitions.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            return partitions.Length == 0
                ? new PartitionRule(pattern, 0, int.MaxValue, null)
                : new PartitionRule(pattern, 0, int.MaxValue, new HashSet<int> { Number(partitions, rule) });
        }

        string from = partitions[..dash];
        string to = partitions[(dash + 1)..];
        return new PartitionRule(pattern, from.Length == 0 ? 0 : Number(from, rule), to.Length == 0 ? int.MaxValue : Number(to, rule), null);
    }

    private static int Number(string text, string rule) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int number)
            ? number
            : throw new UsageException($"Invalid rule specification: {rule}");

    private static Regex TopicPattern(string topic)
    {
        try
        {
            return new Regex($"^(?:{topic})$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"'{topic}' is not a valid regular expression: {e.Message}");
        }
    }
}
