using Confluent.Kafka.Admin;
using KafkaNet.Cli.Arguments;

namespace KafkaNet.Cli.Acls;

/// <summary>The parsed `kafkanet acls` command line, with Kafka's kafka-acls option names and rules.</summary>
internal sealed record AclsArguments
{
    public AclsAction Action { get; init; }

    public string BootstrapServers { get; init; } = string.Empty;

    public string? CommandConfig { get; init; }

    public IReadOnlyList<string> Topics { get; init; } = [];

    public IReadOnlyList<string> Groups { get; init; } = [];

    public IReadOnlyList<string> TransactionalIds { get; init; } = [];

    public bool Cluster { get; init; }

    public ResourcePatternType PatternType { get; init; } = ResourcePatternType.Literal;

    public IReadOnlyList<string> AllowPrincipals { get; init; } = [];

    public IReadOnlyList<string> DenyPrincipals { get; init; } = [];

    public IReadOnlyList<string> AllowHosts { get; init; } = [];

    public IReadOnlyList<string> DenyHosts { get; init; } = [];

    /// <summary>--operation values; All when none is given, as in Kafka's tool.</summary>
    public IReadOnlyList<AclOperation> Operations { get; init; } = [AclOperation.All];

    public bool Producer { get; init; }

    public bool Consumer { get; init; }

    public bool Idempotent { get; init; }

    public bool Force { get; init; }

    /// <summary>--principal: with --list, only the ACLs of these principals.</summary>
    public IReadOnlyList<string> ListPrincipals { get; init; } = [];

    /// <summary>--output json: one JSON document of the ACLs listed, created or removed.</summary>
    public bool Json { get; init; }

    public static AclsArguments Parse(IReadOnlyList<string> args)
    {
        if (args.Any(a => a is "--help" or "-h"))
        {
            return new AclsArguments { Action = AclsAction.Help };
        }

        var given = new HashSet<string>(StringComparer.Ordinal);
        var actions = new List<AclsAction>();
        var operations = new List<AclOperation>();
        var parsed = new AclsArguments();
        var cursor = new ArgumentCursor(args);
        while (cursor.TryNextOption(out var option))
        {
            given.Add(option);
            parsed = option switch
            {
                "--add" => Act(AclsAction.Add),
                "--remove" => Act(AclsAction.Remove),
                "--list" => Act(AclsAction.List),
                "--bootstrap-server" => parsed with { BootstrapServers = cursor.BootstrapServers(option) },
                "--command-config" => parsed with { CommandConfig = cursor.String(option) },
                "--output" => parsed with { Json = cursor.OutputIsJson(option) },
                "--topic" => parsed with { Topics = [.. parsed.Topics, cursor.String(option).Trim()] },
                "--group" => parsed with { Groups = [.. parsed.Groups, cursor.String(option).Trim()] },
                "--transactional-id" => parsed with { TransactionalIds = [.. parsed.TransactionalIds, cursor.String(option)] },
                "--cluster" => parsed with { Cluster = true },
                "--resource-pattern-type" => parsed with { PatternType = AclText.ParsePatternType(cursor.String(option)) },
                "--allow-principal" => parsed with { AllowPrincipals = [.. parsed.AllowPrincipals, Principal(cursor.String(option))] },
                "--deny-principal" => parsed with { DenyPrincipals = [.. parsed.DenyPrincipals, Principal(cursor.String(option))] },
                "--allow-host" => parsed with { AllowHosts = [.. parsed.AllowHosts, cursor.String(option).Trim()] },
                "--deny-host" => parsed with { DenyHosts = [.. parsed.DenyHosts, cursor.String(option).Trim()] },
                "--operation" => Operation(cursor.String(option)),
                "--producer" => parsed with { Producer = true },
                "--consumer" => parsed with { Consumer = true },
                "--idempotent" => parsed with { Idempotent = true },
                "--force" => parsed with { Force = true },
                "--principal" => parsed with { ListPrincipals = [.. parsed.ListPrincipals, Principal(cursor.String(option))] },
                _ => throw new UsageException($"Unknown option '{option}' for acls."),
            };
        }

        if (parsed.BootstrapServers.Length == 0)
        {
            throw new UsageException("--bootstrap-server must be specified");
        }

        if (actions.Count != 1)
        {
            throw new UsageException("Command must include exactly one action: --list, --add, --remove. ");
        }

        parsed = parsed with { Action = actions[0], Operations = operations.Count > 0 ? [.. operations.Distinct()] : parsed.Operations };
        Check(parsed, given);
        return parsed;

        AclsArguments Act(AclsAction action)
        {
            actions.Add(action);
            return parsed;
        }

        AclsArguments Operation(string name)
        {
            operations.Add(AclText.ParseOperation(name));
            return parsed;
        }
    }

    /// <summary>"Type:name", as Kafka's KafkaPrincipal reads it.</summary>
    private static string Principal(string text)
    {
        string principal = text.Trim();
        int colon = principal.IndexOf(':', StringComparison.Ordinal);
        return colon < 0
            ? throw new UsageException($"expected a string in format principalType:principalName but got {text}")
            : principal;
    }

    /// <summary>The combinations of options Kafka's tool refuses.</summary>
    private static void Check(AclsArguments parsed, HashSet<string> given)
    {
        if (parsed.Action == AclsAction.List)
        {
            Exclusive(given, "--list", "--producer", "--consumer", "--allow-host", "--allow-principal", "--deny-host", "--deny-principal");
        }

        Exclusive(given, "--producer", "--operation", "--deny-principal", "--deny-host");
        Exclusive(given, "--consumer", "--operation", "--deny-principal", "--deny-host");
        if (parsed.ListPrincipals.Count > 0 && parsed.Action != AclsAction.List)
        {
            throw new UsageException("The --principal option is only available if --list is set");
        }

        if (parsed.Producer && parsed.Topics.Count == 0)
        {
            throw new UsageException("With --producer you must specify a --topic");
        }

        if (parsed.Idempotent && !parsed.Producer)
        {
            throw new UsageException("The --idempotent option is only available if --producer is set");
        }

        if (parsed.Consumer && (parsed.Topics.Count == 0 || parsed.Groups.Count == 0 || (!parsed.Producer && (parsed.Cluster || parsed.TransactionalIds.Count > 0))))
        {
            throw new UsageException("With --consumer you must specify a --topic and a --group and no --cluster or --transactional-id option should be specified.");
        }

        if (parsed.Action == AclsAction.Add && parsed.PatternType is not (ResourcePatternType.Literal or ResourcePatternType.Prefixed))
        {
            throw new UsageException($"A '--resource-pattern-type' value of '{AclText.Name(parsed.PatternType)}' is not valid when adding acls.");
        }
    }

    private static void Exclusive(HashSet<string> given, string option, params string[] others)
    {
        if (given.Contains(option) && others.FirstOrDefault(given.Contains) is { } other)
        {
            throw new UsageException($"Option \"{option}\" can't be used with option \"{other}\"");
        }
    }
}
