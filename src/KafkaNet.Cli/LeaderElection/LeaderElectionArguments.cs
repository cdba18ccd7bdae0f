using Confluent.Kafka;
using KafkaNet.Cli.Arguments;

namespace KafkaNet.Cli.LeaderElection;

/// <summary>The parsed `kafkanet leader-election` command line, with Kafka's kafka-leader-election option names and rules.</summary>
internal sealed record LeaderElectionArguments
{
    public bool IsHelp { get; init; }

    public string BootstrapServers { get; init; } = string.Empty;

    /// <summary>--admin.config or its other name --command-config.</summary>
    public string? AdminConfig { get; init; }

    public ElectionType ElectionType { get; init; }

    public string? Topic { get; init; }

    public int? Partition { get; init; }

    public bool AllTopicPartitions { get; init; }

    public string? PathToJsonFile { get; init; }

    /// <summary>--output json: one JSON document of each partition's outcome.</summary>
    public bool Json { get; init; }

    public static LeaderElectionArguments Parse(IReadOnlyList<string> args)
    {
        if (args.Any(a => a is "--help" or "-h"))
        {
            return new LeaderElectionArguments { IsHelp = true };
        }

        ElectionType? type = null;
        var parsed = new LeaderElectionArguments();
        var cursor = new ArgumentCursor(args);
        while (cursor.TryNextOption(out var option))
        {
            switch (option)
            {
                case "--bootstrap-server": parsed = parsed with { BootstrapServers = cursor.BootstrapServers(option) }; break;
                case "--admin.config" or "--command-config": parsed = parsed with { AdminConfig = cursor.String(option) }; break;
                case "--election-type": type = ElectionTypeOf(cursor.String(option)); break;
                case "--topic": parsed = parsed with { Topic = cursor.String(option) }; break;
                case "--partition": parsed = parsed with { Partition = cursor.Int(option, 0, int.MaxValue) }; break;
                case "--all-topic-partitions": parsed = parsed with { AllTopicPartitions = true }; break;
                case "--path-to-json-file": parsed = parsed with { PathToJsonFile = cursor.String(option) }; break;
                case "--output": parsed = parsed with { Json = cursor.OutputIsJson(option) }; break;
                default: throw new UsageException($"Unknown option '{option}' for leader-election.");
            }
        }

        var missing = new List<string>();
        if (parsed.BootstrapServers.Length == 0)
        {
            missing.Add("--bootstrap-server");
        }

        if (type is null)
        {
            missing.Add("--election-type");
        }

        if (missing.Count > 0)
        {
            throw new UsageException($"Missing required option(s): {string.Join(", ", missing)}");
        }

        if (new[] { parsed.Topic is not null, parsed.AllTopicPartitions, parsed.PathToJsonFile is not null }.Count(b => b) != 1)
        {
            throw new UsageException("One and only one of the following options is required: --topic, --all-topic-partitions, --path-to-json-file");
        }

        if (parsed.Topic is not null && parsed.Partition is null)
        {
            throw new UsageException("Missing required option(s): --partition");
        }

        if (parsed.Topic is null && parsed.Partition is not null)
        {
            throw new UsageException("Option --partition is only allowed if --topic is used");
        }

        return parsed with { ElectionType = type!.Value };
    }

    /// <summary>preferred or unclean, in any case, as Kafka's tool reads it.</summary>
    private static ElectionType ElectionTypeOf(string text) => text.ToUpperInvariant() switch
    {
        "PREFERRED" => ElectionType.Preferred,
        "UNCLEAN" => ElectionType.Unclean,
        _ => throw new UsageException($"--election-type takes PREFERRED or UNCLEAN, not '{text}'."),
    };
}
