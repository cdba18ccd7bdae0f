using KafkaNet.Cli.Arguments;

namespace KafkaNet.Cli.GetOffsets;

/// <summary>The parsed `kafkanet get-offsets` command line, with Kafka's kafka-get-offsets option names and rules.</summary>
internal sealed record GetOffsetsArguments
{
    public bool IsHelp { get; init; }

    public string BootstrapServers { get; init; } = string.Empty;

    public string? CommandConfig { get; init; }

    public bool Json { get; init; }

    /// <summary>A partition is asked about when any rule matches it.</summary>
    public IReadOnlyList<PartitionRule> Rules { get; init; } = [];

    public OffsetTime Time { get; init; } = new(OffsetTime.Latest);

    public bool ExcludeInternalTopics { get; init; }

    public static GetOffsetsArguments Parse(IReadOnlyList<string> args)
    {
        if (args.Any(a => a is "--help" or "-h"))
        {
            return new GetOffsetsArguments { IsHelp = true };
        }

        string? topic = null;
        string? partitions = null;
        string? topicPartitions = null;
        var parsed = new GetOffsetsArguments();
        var cursor = new ArgumentCursor(args);
        while (cursor.TryNextOption(out var option))
        {
            parsed = option switch
            {
                "--bootstrap-server" => parsed with { BootstrapServers = cursor.BootstrapServers(option) },
                "--command-config" => parsed with { CommandConfig = cursor.String(option) },
                "--output" => parsed with { Json = cursor.OutputIsJson(option) },
                "--time" => parsed with { Time = OffsetTime.Parse(cursor.String(option)) },
                "--exclude-internal-topics" => parsed with { ExcludeInternalTopics = true },
                "--topic" => Keep(topic = cursor.String(option)),
                "--partitions" => Keep(partitions = cursor.String(option)),
                "--topic-partitions" => Keep(topicPartitions = cursor.String(option)),
                _ => throw new UsageException($"Unknown option '{option}' for get-offsets."),
            };
        }

        ArgumentCursor.Require(parsed.BootstrapServers.Length == 0 ? null : parsed.BootstrapServers, "--bootstrap-server");
        if (topicPartitions is not null && (topic is not null || partitions is not null))
        {
            throw new UsageException("--topic-partitions cannot be used with --topic or --partitions");
        }

        return parsed with
        {
            Rules = topicPartitions is null
                ? [PartitionRule.OfTopicAndPartitions(topic, partitions)]
                : [.. topicPartitions.Split(',').Select(PartitionRule.OfRule)],
        };

        GetOffsetsArguments Keep(string _) => parsed;
    }
}
