using System.Globalization;
using System.Xml;
using KafkaNet.Cli.Arguments;

namespace KafkaNet.Cli.ConsumerGroups;

/// <summary>The parsed `kafkanet consumer-groups` command line, with Kafka's kafka-consumer-groups option names and rules.</summary>
internal sealed record ConsumerGroupsArguments
{
    private static readonly string[] DatetimeFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.fff", "yyyy-MM-dd'T'HH:mm:ss.fffK", "yyyy-MM-dd'T'HH:mm:ss.fffzzz", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ssK",
    ];

    public ConsumerGroupsAction Action { get; init; }

    public string BootstrapServers { get; init; } = string.Empty;

    public string? CommandConfig { get; init; }

    public bool Json { get; init; }

    public IReadOnlyList<string> Groups { get; init; } = [];

    public bool AllGroups { get; init; }

    /// <summary>--list --state: the states to keep (none given: every state, shown in a column); null without --state.</summary>
    public IReadOnlyList<string>? States { get; init; }

    public DescribeView View { get; init; }

    public bool Verbose { get; init; }

    public IReadOnlyList<TopicPartitions> Topics { get; init; } = [];

    public bool AllTopics { get; init; }

    public ResetScenario Scenario { get; init; }

    /// <summary>The offset of --to-offset or the shift of --shift-by.</summary>
    public long Offset { get; init; }

    /// <summary>The instant of --to-datetime.</summary>
    public DateTimeOffset Datetime { get; init; }

    /// <summary>How far back --by-duration goes.</summary>
    public TimeSpan Duration { get; init; }

    public bool Execute { get; init; }

    public static ConsumerGroupsArguments Parse(IReadOnlyList<string> args)
    {
        if (args.Any(a => a is "--help" or "-h"))
        {
            return new ConsumerGroupsArguments { Action = ConsumerGroupsAction.Help };
        }

        var given = new HashSet<string>(StringComparer.Ordinal);
        var actions = new List<ConsumerGroupsAction>();
        var views = new List<DescribeView>();
        var scenarios = new List<ResetScenario>();
        var groups = new List<string>();
        var topics = new List<TopicPartitions>();
        string? stateValue = null;
        var parsed = new ConsumerGroupsArguments();
        var cursor = new ArgumentCursor(args);
        while (cursor.TryNextOption(out var option))
        {
            given.Add(option);
            parsed = option switch
            {
                "--list" => Act(ConsumerGroupsAction.List),
                "--describe" => Act(ConsumerGroupsAction.Describe),
                "--reset-offsets" => Act(ConsumerGroupsAction.ResetOffsets),
                "--delete-offsets" => Act(ConsumerGroupsAction.DeleteOffsets),
                "--delete" => Act(ConsumerGroupsAction.Delete),
                "--bootstrap-server" => parsed with { BootstrapServers = cursor.BootstrapServers(option) },
                "--command-config" => parsed with { CommandConfig = cursor.String(option) },
                "--output" => parsed with { Json = cursor.OutputIsJson(option) },
                "--group" => Add(groups, cursor.String(option)),
                "--all-groups" => parsed with { AllGroups = true },
                "--offsets" => Add(views, DescribeView.Offsets),
                "--members" => Add(views, DescribeView.Members),
                "--state" => State(cursor.OptionalString()),
                "--verbose" => parsed with { Verbose = true },
                "--topic" => Add(topics, TopicPartitions.Parse(cursor.String(option))),
                "--all-topics" => parsed with { AllTopics = true },
                "--to-earliest" => Add(scenarios, ResetScenario.ToEarliest),
                "--to-latest" => Add(scenarios, ResetScenario.ToLatest),
                "--to-current" => Add(scenarios, ResetScenario.ToCurrent),
                "--to-offset" => Add(scenarios, ResetScenario.ToOffset) with { Offset = cursor.Long(option, 0, long.MaxValue) },
                "--shift-by" => Add(scenarios, ResetScenario.ShiftBy) with { Offset = cursor.Long(option, long.MinValue, long.MaxValue) },
                "--to-datetime" => Add(scenarios, ResetScenario.ToDatetime) with { Datetime = DatetimeOf(cursor.String(option)) },
                "--by-duration" => Add(scenarios, ResetScenario.ByDuration) with { Duration = DurationOf(cursor.String(option)) },
                "--dry-run" => parsed,
                "--execute" => parsed with { Execute = true },
                _ => throw new UsageException($"Unknown option '{option}' for consumer-groups."),
            };
        }

        if (actions.Count != 1)
        {
            throw new UsageException("Command must include exactly one action: --list, --describe, --delete, --reset-offsets or --delete-offsets");
        }

        var action = actions[0];
        if (given.Contains("--state") && action == ConsumerGroupsAction.Describe)
        {
            if (stateValue is not null)
            {
                throw new UsageException($"--state takes no value with --describe, not '{stateValue}'.");
            }

            views.Add(DescribeView.State);
        }

        parsed = parsed with
        {
            Action = action,
            Groups = groups,
            Topics = topics,
            View = views.Count > 0 ? views[0] : DescribeView.Offsets,
            Scenario = scenarios.Count > 0 ? scenarios[0] : ResetScenario.None,
            States = action == ConsumerGroupsAction.List && given.Contains("--state") ? StatesOf(stateValue) : null,
        };
        Check(parsed, given, views.Count, scenarios.Count);
        return parsed;

        ConsumerGroupsArguments Act(ConsumerGroupsAction value)
        {
            actions.Add(value);
            return parsed;
        }

        ConsumerGroupsArguments Add<T>(List<T> list, T value)
        {
            list.Add(value);
            return parsed;
        }

        ConsumerGroupsArguments State(string? value)
        {
            stateValue = value;
            return parsed;
        }
    }

    /// <summary>"Stable,Empty": Kafka's state names, any case.</summary>
    private static List<string> StatesOf(string? text)
    {
        string[] known = ["PreparingRebalance", "CompletingRebalance", "Stable", "Dead", "Empty"];
        var states = new List<string>();
        foreach (string state in (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            states.Add(known.FirstOrDefault(k => k.Equals(state, StringComparison.OrdinalIgnoreCase))
                ?? throw new UsageException($"--state takes {string.Join(", ", known)}, not '{state}'."));
        }

        return states;
    }

    /// <summary>"2024-01-31T12:00:00.000", in local time unless it ends with Z or an offset such as +02:00.</summary>
    private static DateTimeOffset DatetimeOf(string text) =>
        DateTimeOffset.TryParseExact(text, DatetimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var instant)
            ? instant
            : throw new UsageException($"--to-datetime takes YYYY-MM-DDTHH:mm:SS.sss, not '{text}'.");

    /// <summary>An ISO 8601 duration such as P1DT2H30M.</summary>
    private static TimeSpan DurationOf(string text)
    {
        try
        {
            var duration = XmlConvert.ToTimeSpan(text);
            return duration >= TimeSpan.Zero ? duration : throw new FormatException();
        }
        catch (FormatException)
        {
            throw new UsageException($"--by-duration takes a duration as PnDTnHnMnS, not '{text}'.");
        }
    }

    /// <summary>Which options each action takes, as Kafka's tool checks them.</summary>
    private static void Check(ConsumerGroupsArguments parsed, HashSet<string> given, int views, int scenarios)
    {
        if (parsed.BootstrapServers.Length == 0)
        {
            throw new UsageException("--bootstrap-server is required.");
        }

        var action = parsed.Action;
        Only(given, "--group", action, ConsumerGroupsAction.Describe, ConsumerGroupsAction.ResetOffsets, ConsumerGroupsAction.DeleteOffsets, ConsumerGroupsAction.Delete);
        Only(given, "--all-groups", action, ConsumerGroupsAction.Describe, ConsumerGroupsAction.ResetOffsets, ConsumerGroupsAction.Delete);
        Only(given, "--state", action, ConsumerGroupsAction.List, ConsumerGroupsAction.Describe);
        foreach (string option in new[] { "--offsets", "--members", "--verbose" })
        {
            Only(given, option, action, ConsumerGroupsAction.Describe);
        }

        Only(given, "--topic", action, ConsumerGroupsAction.ResetOffsets, ConsumerGroupsAction.DeleteOffsets);
        foreach (string option in new[]
                 {
                     "--all-topics", "--to-earliest", "--to-latest", "--to-current", "--to-offset", "--shift-by", "--to-datetime", "--by-duration", "--dry-run", "--execute",
                 })
        {
            Only(given, option, action, ConsumerGroupsAction.ResetOffsets);
        }

        if (action is ConsumerGroupsAction.List)
        {
            return;
        }

        if (parsed.AllGroups == (parsed.Groups.Count > 0))
        {
            throw new UsageException(action == ConsumerGroupsAction.DeleteOffsets
                ? "--group is required with --delete-offsets."
                : $"Option {ActionOption(action)} takes one of these options: --group, --all-groups");
        }

        switch (action)
        {
            case ConsumerGroupsAction.Describe:
                if (views > 1)
                {
                    throw new UsageException("Option --describe takes at most one of these options: --members, --state, --offsets");
                }

                if (parsed.Verbose && parsed.View != DescribeView.Members)
                {
                    throw new UsageException("Option --verbose can only be used with --describe --members.");
                }

                break;
            case ConsumerGroupsAction.ResetOffsets:
                if (parsed.Groups.Count > 1)
                {
                    throw new UsageException("Option --reset-offsets takes one --group (or --all-groups).");
                }

                if (parsed.AllTopics == (parsed.Topics.Count > 0))
                {
                    throw new UsageException("Option --reset-offsets takes one of these options: --topic, --all-topics");
                }

                if (scenarios != 1)
                {
                    throw new UsageException("Option --reset-offsets takes exactly one of these options: --to-datetime, --by-duration, --to-earliest, "
                        + "--to-latest, --shift-by, --to-current, --to-offset");
                }

                if (given.Contains("--dry-run") && parsed.Execute)
                {
                    throw new UsageException("Option --reset-offsets takes only one of these options: --dry-run, --execute");
                }

                break;
            case ConsumerGroupsAction.DeleteOffsets:
                if (parsed.Groups.Count > 1)
                {
                    throw new UsageException("Option --delete-offsets takes exactly one --group.");
                }

                if (parsed.Topics.Count == 0)
                {
                    throw new UsageException("Option --delete-offsets needs --topic.");
                }

                break;
        }
    }

    private static void Only(HashSet<string> given, string option, ConsumerGroupsAction action, params ConsumerGroupsAction[] allowed)
    {
        if (given.Contains(option) && !allowed.Contains(action))
        {
            throw new UsageException($"Option \"{option}\" can't be used with {ActionOption(action)}.");
        }
    }

    private static string ActionOption(ConsumerGroupsAction action) => action switch
    {
        ConsumerGroupsAction.ResetOffsets => "--reset-offsets",
        ConsumerGroupsAction.DeleteOffsets => "--delete-offsets",
        _ => "--" + action.ToString().ToLowerInvariant(),
    };
}
