using System.Text;

namespace KafkaNet.Server.Configuration;

/// <summary>
/// The server's command line, as kafka-server-start takes it:
/// <c>kafkanet-server [server.properties] [--override key=value]...</c>.
/// Unlike Kafka the properties file is optional: without one every property takes its default.
/// </summary>
public sealed class CommandLineOptions
{
    private const string OverrideOption = "--override";

    private CommandLineOptions(string? propertiesFile, IReadOnlyList<KeyValuePair<string, string>> overrides, bool showHelp)
    {
        PropertiesFile = propertiesFile;
        Overrides = overrides;
        ShowHelp = showHelp;
    }

    /// <summary>The properties file to read, or null to start from defaults.</summary>
    public string? PropertiesFile { get; }

    /// <summary>The --override pairs in command-line order; a later one wins over an earlier one and over the file.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Overrides { get; }

    /// <summary>True when --help or -h was given: print <see cref="UsageText"/> and exit.</summary>
    public bool ShowHelp { get; }

    /// <summary>Usage, options and every known property with its default.</summary>
    public static string UsageText { get; } = BuildUsage();

    /// <exception cref="ConfigException">An argument is malformed; the message says which and why.</exception>
    public static CommandLineOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        string? file = null;
        var overrides = new List<KeyValuePair<string, string>>();
        var help = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-h")
            {
                help = true;
            }
            else if (arg == OverrideOption)
            {
                if (i + 1 >= args.Count)
                {
                    throw Malformed($"{OverrideOption} needs a property=value argument after it.");
                }

                overrides.Add(ParseOverride(args[++i]));
            }
            else if (arg.StartsWith('-') && arg.Length > 1)
            {
                throw Malformed($"Unknown option '{arg}'.");
            }
            else if (file is null)
            {
                file = arg;
            }
            else
            {
                throw Malformed($"Unexpected argument '{arg}': only one properties file ('{file}') may be given.");
            }
        }

        return new CommandLineOptions(file, overrides, help);
    }

    private static KeyValuePair<string, string> ParseOverride(string text)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        var key = equals < 0 ? string.Empty : text[..equals].Trim();
        if (key.Length == 0)
        {
            throw Malformed($"Malformed override '{text}': expected {OverrideOption} property=value.");
        }

        return new(key, text[(equals + 1)..]);
    }

    private static ConfigException Malformed(string message) =>
        new($"{message} Run kafkanet-server --help for usage.");

    private static string BuildUsage()
    {
        var text = new StringBuilder()
            .AppendLine("Usage: kafkanet-server [server.properties] [--override property=value]...")
            .AppendLine("       kafkanet-server format [server.properties] [--override property=value]... --cluster-id ID [--standalone | ...]")
            .AppendLine("       kafkanet-server random-uuid")
            .AppendLine()
            .AppendLine("Starts a KafkaNet broker. Properties use Apache Kafka's names; the file is in Java")
            .AppendLine("properties format and is optional. Overrides win over the file.")
            .AppendLine()
            .AppendLine($"With {EnvironmentConfigMapping.SwitchVariable}=true (set in the container image), KAFKA_* environment")
            .AppendLine("variables set properties too, named as the apache/kafka image names them: KAFKA_ and the")
            .AppendLine("property in upper case, '.' as '_', '_' as '__', '-' as '___' (KAFKA_NODE_ID is node.id);")
            .AppendLine("CLUSTER_ID is cluster.id. They win over the file; overrides win over them.")
            .AppendLine()
            .AppendLine("Options:")
            .AppendLine("  --override property=value  Set a property; may be repeated.")
            .AppendLine("  -h, --help                 Print this help and exit.")
            .AppendLine()
            .AppendLine("Properties:");
        foreach (var row in BrokerConfigDefinitions.All)
        {
            var aliases = row.Aliases.Count == 0 ? string.Empty : $" (alias {string.Join(", ", row.Aliases)})";
            var defaultValue = row.DefaultValue switch { null => "(unset)", "" => "(empty)", var written => written };
            text.AppendLine($"  {row.Name}{aliases} = {defaultValue}")
                .AppendLine($"      {row.Documentation}");
        }

        return text.ToString();
    }
}
