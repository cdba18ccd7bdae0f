using KafkaNet.Cli.Arguments;

namespace KafkaNet.Cli.Reassignment;

/// <summary>The parsed `kafkanet reassign-partitions` command line, with Kafka's kafka-reassign-partitions option names and rules.</summary>
internal sealed record ReassignmentArguments
{
    // The options each action takes besides --bootstrap-server and --command-config, as Kafka's tool permits them.
    private static readonly Dictionary<ReassignmentAction, string[]> Permitted = new()
    {
        [ReassignmentAction.Generate] = ["--topics-to-move-json-file", "--broker-list", "--output"],
        [ReassignmentAction.Execute] = ["--reassignment-json-file", "--throttle", "--additional"],
        [ReassignmentAction.Verify] = ["--reassignment-json-file", "--output"],
        [ReassignmentAction.Cancel] = ["--reassignment-json-file"],
        [ReassignmentAction.List] = ["--output"],
    };

    public ReassignmentAction Action { get; init; }

    public string BootstrapServers { get; init; } = string.Empty;

    public string? CommandConfig { get; init; }

    public string? ReassignmentJsonFile { get; init; }

    public string? TopicsToMoveJsonFile { get; init; }

    public IReadOnlyList<int> BrokerList { get; init; } = [];

    /// <summary>Bytes per second for replication while partitions move; null: not throttled.</summary>
    public long? Throttle { get; init; }

    public bool Additional { get; init; }

    /// <summary>--output json (--generate, --verify and --list): one JSON document.</summary>
    public bool Json { get; init; }

    public static ReassignmentArguments Parse(IReadOnlyList<string> args)
    {
        if (args.Any(a => a is "--help" or "-h"))
        {
            return new ReassignmentArguments { Action = ReassignmentAction.Help };
        }

        var given = new List<string>();
        var actions = new List<ReassignmentAction>();
        var parsed = new ReassignmentArguments();
        var cursor = new ArgumentCursor(args);
        while (cursor.TryNextOption(out var option))
        {
            given.Add(option);
            parsed = option switch
            {
                "--generate" => Act(ReassignmentAction.Generate),
                "--execute" => Act(ReassignmentAction.Execute),
                "--verify" => Act(ReassignmentAction.Verify),
                "--list" => Act(ReassignmentAction.List),
                "--cancel" => Act(ReassignmentAction.Cancel),
                "--bootstrap-server" => parsed with { BootstrapServers = cursor.BootstrapServers(option) },
                "--command-config" => parsed with { CommandConfig = cursor.String(option) },
                "--reassignment-json-file" => parsed with { ReassignmentJsonFile = cursor.String(option) },
                "--topics-to-move-json-file" => parsed with { TopicsToMoveJsonFile = cursor.String(option) },
                "--broker-list" => parsed with { BrokerList = BrokerListOf(cursor.String(option)) },
                "--throttle" => parsed with { Throttle = cursor.Long(option, 1, long.MaxValue) },
                "--additional" => parsed with { Additional = true },
                "--output" => parsed with { Json = cursor.OutputIsJson(option) },
                _ => throw new UsageException($"Unknown option '{option}' for reassign-partitions."),
            };
        }

        if (actions.Count != 1)
        {
            throw new UsageException("Command must include exactly one action: --generate, --execute, --verify, --cancel, --list");
        }

        var action = actions[0];
        if (parsed.BootstrapServers.Length == 0)
        {
            throw new UsageException("Please specify --bootstrap-server");
        }

        var required = action switch
        {
            ReassignmentAction.Generate => ["--topics-to-move-json-file", "--broker-list"],
            ReassignmentAction.List => Array.Empty<string>(),
            _ => ["--reassignment-json-file"],
        };
        if (required.FirstOrDefault(o => !given.Contains(o)) is { } missing)
        {
            throw new UsageException($"Missing required argument \"{missing[2..]}\"");
        }

        string actionName = $"--{action.ToString().ToLowerInvariant()}";
        if (given.FirstOrDefault(o => o != actionName && o is not ("--bootstrap-server" or "--command-config") && !Permitted[action].Contains(o)) is { } foreign)
        {
            throw new UsageException($"Option \"{foreign}\" can't be used with action \"{actionName}\"");
        }

        return parsed with { Action = action };

        ReassignmentArguments Act(ReassignmentAction action)
        {
            actions.Add(action);
            return parsed;
        }
    }

    /// <summary>"1,2,3": broker ids, each once.</summary>
    private static List<int> BrokerListOf(string text)
    {
        var ids = new List<int>();
        foreach (string id in text.Split(','))
        {
            if (!int.TryParse(id.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int broker))
            {
                throw new UsageException($"--broker-list takes broker ids as 1,2,3, not '{text}'.");
            }

            ids.Add(broker);
        }

        var duplicates = ids.GroupBy(i => i).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
        {
            throw new UsageException($"Broker list contains duplicate entries: {string.Join(", ", duplicates)}");
        }

        return ids;
    }
}
