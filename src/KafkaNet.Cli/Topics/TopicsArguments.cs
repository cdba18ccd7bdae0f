using KafkaNet.Cli.Arguments;

namespace KafkaNet.Cli.Topics;

/// <summary>The parsed `kafkanet topics` command line, with Kafka's kafka-topics option names and rules.</summary>
internal sealed record TopicsArguments
{
    public TopicsAction Action { get; init; }

    public string BootstrapServers { get; init; } = string.Empty;

    public string? CommandConfig { get; init; }

    public bool Json { get; init; }

    /// <summary>A name for --create and --alter; a regular expression (whole name) for --list, --describe and --delete.</summary>
    public string? Topic { get; init; }

    public bool ExcludeInternal { get; init; }

    public bool TopicsWithOverrides { get; init; }

    public bool UnderReplicatedPartitions { get; init; }

    public bool UnavailablePartitions { get; init; }

    /// <summary>-1: the broker's default.</summary>
    public int Partitions { get; init; } = -1;

    /// <summary>-1: the broker's default.</summary>
    public short ReplicationFactor { get; init; } = -1;

    public IReadOnlyList<KeyValuePair<string, string>> Configs { get; init; } = [];

    /// <summary>Partition number to its broker ids, from --replica-assignment.</summary>
    public IReadOnlyDictionary<int, List<int>>? ReplicaAssignment { get; init; }

    public bool IfExists { get; init; }

    public bool IfNotExists { get; init; }

    public static TopicsArguments Parse(IReadOnlyList<string> args)
    {
        if (args.Any(a => a is "--help" or "-h"))
        {
            return new TopicsArguments { Action = TopicsAction.Help };
        }

        var given = new HashSet<string>(StringComparer.Ordinal);
        var actions = new List<TopicsAction>();
        var configs = new List<KeyValuePair<string, string>>();
        var parsed = new TopicsArguments();
        var cursor = new ArgumentCursor(args);
        while (cursor.TryNextOption(out var option))
        {
            given.Add(option);
            parsed = option switch
            {
                "--list" => Act(TopicsAction.List),
                "--describe" => Act(TopicsAction.Describe),
                "--create" => Act(TopicsAction.Create),
                "--alter" => Act(TopicsAction.Alter),
                "--delete" => Act(TopicsAction.Delete),
                "--bootstrap-server" => parsed with { BootstrapServers = cursor.BootstrapServers(option) },
                "--command-config" => parsed with { CommandConfig = cursor.String(option) },
                "--output" => parsed with { Json = cursor.OutputIsJson(option) },
                "--topic" => parsed with { Topic = cursor.String(option) },
                "--exclude-internal" => parsed with { ExcludeInternal = true },
                "--topics-with-overrides" => parsed with { TopicsWithOverrides = true },
                "--under-replicated-partitions" => parsed with { UnderReplicatedPartitions = true },
                "--unavailable-partitions" => parsed with { UnavailablePartitions = true },
                "--partitions" => parsed with { Partitions = cursor.Int(option, 1, int.MaxValue) },
                "--replication-factor" => parsed with { ReplicationFactor = (short)cursor.Int(option, 1, short.MaxValue) },
                "--config" => Config(cursor.String(option)),
                "--replica-assignment" => parsed with { ReplicaAssignment = ReplicaAssignmentOf(cursor.String(option)) },
                "--if-exists" => parsed with { IfExists = true },
                "--if-not-exists" => parsed with { IfNotExists = true },
                _ => throw new UsageException($"Unknown option '{option}' for topics."),
            };
        }

        if (actions.Count != 1)
        {
            throw new UsageException("Command must include exactly one action: --list, --describe, --create, --alter or --delete");
        }

        parsed = parsed with { Action = actions[0], Configs = configs };
        Check(parsed, given);
        return parsed;

        TopicsArguments Act(TopicsAction action)
        {
            actions.Add(action);
            return parsed;
        }

        TopicsArguments Config(string pair)
        {
            int equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new UsageException($"--config takes key=value, not '{pair}'.");
            }

            configs.Add(new(pair[..equals], pair[(equals + 1)..]));
            return parsed;
        }
    }

    /// <summary>"0:1,1:2": partition 0 on brokers 0 and 1, partition 1 on brokers 1 and 2.</summary>
    private static Dictionary<int, List<int>> ReplicaAssignmentOf(string text)
    {
        var assignment = new Dictionary<int, List<int>>();
        foreach (string partition in text.Split(','))
        {
            var ids = new List<int>();
            foreach (string id in partition.Split(':'))
            {
                if (!int.TryParse(id.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int broker))
                {
                    throw new UsageException($"--replica-assignment takes broker ids as 0:1,1:2, not '{text}'.");
                }

                ids.Add(broker);
            }

            if (ids.Distinct().Count() != ids.Count)
            {
                throw new UsageException($"Partition replica lists may not contain duplicate entries: '{partition}'.");
            }

            if (assignment.Count > 0 && ids.Count != assignment[0].Count)
            {
                throw new UsageException($"Partition {assignment.Count} has a different replication factor: '{partition}'.");
            }

            assignment[assignment.Count] = ids;
        }

        return assignment;
    }

    /// <summary>Which options each action takes, as Kafka's tool checks them.</summary>
    private static void Check(TopicsArguments parsed, HashSet<string> given)
    {
        if (parsed.BootstrapServers.Length == 0)
        {
            throw new UsageException("--bootstrap-server is required.");
        }

        var action = parsed.Action;
        if (parsed.Topic is null && action is TopicsAction.Create or TopicsAction.Alter or TopicsAction.Delete)
        {
            throw new UsageException($"--topic is required with --{Name(action)}.");
        }

        Only(given, "--if-exists", action, TopicsAction.Alter, TopicsAction.Delete, TopicsAction.Describe);
        Only(given, "--if-not-exists", action, TopicsAction.Create);
        Only(given, "--config", action, TopicsAction.Create);
        Only(given, "--replication-factor", action, TopicsAction.Create);
        Only(given, "--replica-assignment", action, TopicsAction.Create);
        Only(given, "--partitions", action, TopicsAction.Create, TopicsAction.Alter);
        Only(given, "--exclude-internal", action, TopicsAction.List, TopicsAction.Describe);
        foreach (string report in new[] { "--topics-with-overrides", "--under-replicated-partitions", "--unavailable-partitions" })
        {
            Only(given, report, action, TopicsAction.Describe);
        }

        if (new[] { parsed.TopicsWithOverrides, parsed.UnderReplicatedPartitions, parsed.UnavailablePartitions }.Count(b => b) > 1)
        {
            throw new UsageException("Only one of --topics-with-overrides, --under-replicated-partitions or --unavailable-partitions can be given.");
        }

        if (action == TopicsAction.Alter && parsed.Partitions < 0)
        {
            throw new UsageException("--partitions is required with --alter: the only change --alter makes is adding partitions.");
        }

        if (parsed.ReplicaAssignment is not null && (given.Contains("--partitions") || given.Contains("--replication-factor")))
        {
            throw new UsageException("--replica-assignment cannot be given with --partitions or --replication-factor.");
        }
    }

    private static void Only(HashSet<string> given, string option, TopicsAction action, params TopicsAction[] allowed)
    {
        if (given.Contains(option) && !allowed.Contains(action))
        {
            throw new UsageException($"Option \"{option}\" can't be used with --{Name(action)}.");
        }
    }

    private static string Name(TopicsAction action) => action.ToString().ToLowerInvariant();
}
