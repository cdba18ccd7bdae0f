using System.Globalization;
using KafkaNet.Cli.Arguments;
using static KafkaNet.Cli.Configs.ConfigEntityType;

namespace KafkaNet.Cli.Configs;

/// <summary>The parsed `kafkanet configs` command line, with Kafka's kafka-configs option names and rules.</summary>
internal sealed record ConfigsArguments
{
    // The options naming an entity directly, and the entity type each stands for.
    private static readonly Dictionary<string, string> EntityFlags = new(StringComparer.Ordinal)
    {
        ["--topic"] = TopicType,
        ["--client"] = ClientType,
        ["--user"] = UserType,
        ["--broker"] = BrokerType,
        ["--broker-logger"] = BrokerLoggerType,
    };

    private static readonly Dictionary<string, string> EntityDefaultFlags = new(StringComparer.Ordinal)
    {
        ["--client-defaults"] = ClientType,
        ["--user-defaults"] = UserType,
        ["--broker-defaults"] = BrokerType,
    };

    public ConfigsAction Action { get; init; }

    public string BootstrapServers { get; init; } = string.Empty;

    public string? CommandConfig { get; init; }

    public bool Json { get; init; }

    /// <summary>Kafka's entity type names in the order given: one, or users and clients together.</summary>
    public IReadOnlyList<string> EntityTypes { get; init; } = [];

    /// <summary>The entity names in the order given; "" is the default entity (--entity-default, --broker-defaults, ...).</summary>
    public IReadOnlyList<string> EntityNames { get; init; } = [];

    /// <summary>--describe --all: every config, not only those set dynamically.</summary>
    public bool All { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> AddConfigs { get; init; } = [];

    public string? AddConfigFile { get; init; }

    public IReadOnlyList<string> DeleteConfigs { get; init; } = [];

    public string EntityType => EntityTypes[0];

    /// <summary>The one entity name of a topic, broker or broker logger; null for all of them.</summary>
    public string? EntityName => EntityNames.Count > 0 ? EntityNames[0] : null;

    public static ConfigsArguments Parse(IReadOnlyList<string> args)
    {
        if (args.Any(a => a is "--help" or "-h"))
        {
            return new ConfigsArguments { Action = ConfigsAction.Help };
        }

        var given = new HashSet<string>(StringComparer.Ordinal);
        var actions = new List<ConfigsAction>();
        var types = new List<string>();
        var names = new List<string>();
        var flagTypes = new List<string>();
        var flagNames = new List<string>();
        var adds = new List<KeyValuePair<string, string>>();
        var deletes = new List<string>();
        var parsed = new ConfigsArguments();
        var cursor = new ArgumentCursor(args);
        while (cursor.TryNextOption(out var option))
        {
            given.Add(option);
            if (EntityFlags.TryGetValue(option, out var flagType))
            {
                flagTypes.Add(flagType);
                flagNames.Add(cursor.String(option));
                continue;
            }

            if (EntityDefaultFlags.TryGetValue(option, out var defaultType))
            {
                flagTypes.Add(defaultType);
                flagNames.Add(string.Empty);
                continue;
            }

            switch (option)
            {
                case "--describe": actions.Add(ConfigsAction.Describe); break;
                case "--alter": actions.Add(ConfigsAction.Alter); break;
                case "--bootstrap-server": parsed = parsed with { BootstrapServers = cursor.BootstrapServers(option) }; break;
                case "--command-config": parsed = parsed with { CommandConfig = cursor.String(option) }; break;
                case "--output": parsed = parsed with { Json = cursor.OutputIsJson(option) }; break;
                case "--entity-type": types.Add(cursor.String(option)); break;
                case "--entity-name": names.Add(cursor.String(option)); break;
                case "--entity-default": names.Add(string.Empty); break;
                case "--all": parsed = parsed with { All = true }; break;
                case "--add-config": adds.AddRange(ConfigPairs.Parse(cursor.String(option))); break;
                case "--add-config-file": parsed = parsed with { AddConfigFile = cursor.String(option) }; break;
                case "--delete-config": deletes.AddRange(cursor.String(option).Split(',').Select(k => k.Trim())); break;
                default: throw new UsageException($"Unknown option '{option}' for configs.");
            }
        }

        if (actions.Count != 1)
        {
            throw new UsageException("Command must include exactly one action: --describe, --alter");
        }

        if ((given.Contains("--entity-type") || given.Contains("--entity-name") || given.Contains("--entity-default")) && flagTypes.Count > 0)
        {
            throw new UsageException("--entity-{type,name,default} should not be used in conjunction with specific entity flags");
        }

        parsed = parsed with
        {
            Action = actions[0],
            EntityTypes = [.. types, .. flagTypes],
            EntityNames = [.. names, .. flagNames],
            AddConfigs = adds,
            DeleteConfigs = deletes,
        };
        Check(parsed, given);
        return parsed;
    }

    /// <summary>Which entities and options each action takes, as Kafka's tool checks them.</summary>
    private static void Check(ConfigsArguments parsed, HashSet<string> given)
    {
        if (parsed.BootstrapServers.Length == 0)
        {
            throw new UsageException("--bootstrap-server is required.");
        }

        var types = parsed.EntityTypes;
        var names = parsed.EntityNames;
        CheckTypes(types);
        if (names.Count > types.Count)
        {
            throw new UsageException("More entity names specified than entity types");
        }

        bool hasName = names.Any(n => n.Length > 0);
        bool hasDefault = names.Any(n => n.Length == 0);
        if (types.Any(t => t is BrokerType or BrokerLoggerType))
        {
            foreach (string id in names.Where(n => n.Length > 0))
            {
                if (!int.TryParse(id, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
                {
                    throw new UsageException($"The entity name for {types[0]} must be a valid integer broker id, but it is: {id}");
                }
            }
        }

        if (hasDefault && !types.Any(HasDefault))
        {
            throw new UsageException($"--entity-default must not be specified with --{parsed.Action.ToString().ToLowerInvariant()} of {string.Join(',', types)}");
        }

        if (parsed.Action == ConfigsAction.Describe)
        {
            foreach (string option in new[] { "--add-config", "--add-config-file", "--delete-config" }.Where(given.Contains))
            {
                throw new UsageException($"Option \"{option}\" can't be used with --describe.");
            }

            if (types.Contains(BrokerLoggerType) && !hasName)
            {
                throw new UsageException($"An entity name must be specified with --describe of {types[0]}");
            }

            return;
        }

        CheckAlter(parsed, given, hasName || hasDefault);
    }

    private static void CheckTypes(IReadOnlyList<string> types)
    {
        if (types.Count == 0)
        {
            throw new UsageException("At least one entity type must be specified");
        }

        var duplicates = types.GroupBy(t => t, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
        {
            throw new UsageException($"Duplicate entity type(s) specified: {string.Join(',', duplicates)}");
        }

        foreach (string type in types.Where(t => !ConfigEntityType.All.Contains(t)))
        {
            throw new UsageException($"Invalid entity type {type}, the entity type must be one of {string.Join(", ", ConfigEntityType.All)}");
        }

        if (types.Count > 1 && !types.ToHashSet().SetEquals([UserType, ClientType]))
        {
            throw new UsageException($"Only '{UserType}' and '{ClientType}' entity types may be specified together");
        }
    }

    private static void CheckAlter(ConfigsArguments parsed, HashSet<string> given, bool named)
    {
        if (given.Contains("--all"))
        {
            throw new UsageException("Option \"--all\" can't be used with --alter.");
        }

        if (parsed.EntityNames.Count != parsed.EntityTypes.Count || !named)
        {
            throw new UsageException(parsed.EntityTypes.Any(HasDefault)
                ? "An entity-name or default entity must be specified with --alter of users, clients, brokers or ips"
                : $"An entity name must be specified with --alter of {string.Join(',', parsed.EntityTypes)}");
        }

        bool add = given.Contains("--add-config");
        bool addFile = given.Contains("--add-config-file");
        if (add && addFile)
        {
            throw new UsageException("Only one of --add-config or --add-config-file must be specified");
        }

        if (!add && !addFile && !given.Contains("--delete-config"))
        {
            throw new UsageException("At least one of --add-config, --add-config-file, or --delete-config must be specified with --alter");
        }

        if (parsed.EntityTypes.Any(IsQuotaEntity))
        {
            QuotaConfigs.Check(parsed.EntityTypes, parsed.EntityNames, parsed.AddConfigs, parsed.DeleteConfigs);
        }
    }
}
