using KafkaNet.Cli.Arguments;
using KafkaNet.Server.Configuration;

namespace KafkaNet.Cli.ConsoleClients;

/// <summary>
/// The options console-producer and console-consumer share: the cluster, the topic, client
/// properties (a file and key=value pairs) and the --property settings of the line format.
/// </summary>
internal sealed class ConsoleClientOptions
{
    private readonly string _configOption;
    private readonly string _propertyOption;
    private readonly IReadOnlySet<string> _formatProperties;
    private readonly List<KeyValuePair<string, string>> _clientProperties = [];
    private readonly Dictionary<string, string> _format = new(StringComparer.Ordinal);

    /// <param name="client">"producer" or "consumer": Kafka's --producer.config and --producer-property.</param>
    /// <param name="formatProperties">The --property names the command reads.</param>
    public ConsoleClientOptions(string client, IReadOnlySet<string> formatProperties)
    {
        _configOption = $"--{client}.config";
        _propertyOption = $"--{client}-property";
        _formatProperties = formatProperties;
    }

    public string BootstrapServers { get; private set; } = string.Empty;

    public string Topic { get; private set; } = string.Empty;

    public string? ConfigFile { get; private set; }

    public IReadOnlyList<KeyValuePair<string, string>> ClientProperties => _clientProperties;

    /// <summary>Reads <paramref name="option"/> if it is a shared one; false leaves it to the command.</summary>
    public bool TryRead(string option, ArgumentCursor cursor)
    {
        switch (option)
        {
            case "--bootstrap-server": BootstrapServers = cursor.BootstrapServers(option); return true;
            case "--topic": Topic = cursor.String(option); return true;
            case "--property": ReadFormat(cursor.Properties(option)); return true;
            default:
                if (option == _configOption || option == "--command-config")
                {
                    if (ConfigFile is not null)
                    {
                        throw new UsageException($"Only one of {_configOption} or --command-config can be given.");
                    }

                    ConfigFile = cursor.String(option);
                    return true;
                }

                if (option == _propertyOption)
                {
                    _clientProperties.AddRange(cursor.Properties(option));
                    return true;
                }

                return false;
        }
    }

    /// <summary>
    /// Reads every option of <paramref name="args"/>: the shared ones here, the rest through
    /// <paramref name="readOwn"/>, which returns false for an option its command does not take.
    /// </summary>
    public void ReadAll(IReadOnlyList<string> args, string command, Func<string, ArgumentCursor, bool> readOwn)
    {
        ArgumentNullException.ThrowIfNull(readOwn);
        var cursor = new ArgumentCursor(args);
        while (cursor.TryNextOption(out var option))
        {
            if (!TryRead(option, cursor) && !readOwn(option, cursor))
            {
                throw new UsageException($"Unknown option '{option}' for {command}.");
            }
        }

        RequireTarget();
    }

    public void RequireTarget()
    {
        ArgumentCursor.Require(BootstrapServers.Length == 0 ? null : BootstrapServers, "--bootstrap-server");
        ArgumentCursor.Require(Topic.Length == 0 ? null : Topic, "--topic");
    }

    /// <summary>A --property separator, with \t, \n, \r and \\ read as the characters they name.</summary>
    public string Separator(string name, string fallback) =>
        _format.TryGetValue(name, out var value) ? Unescape(value) : fallback;

    /// <summary>A --property switch: true or false (any case), as Kafka reads them.</summary>
    public bool Switch(string name, bool fallback)
    {
        if (!_format.TryGetValue(name, out var value))
        {
            return fallback;
        }

        return value.Trim().ToLowerInvariant() switch
        {
            "true" => true,
            "false" => false,
            _ => throw new UsageException($"--property {name} takes true or false, not '{value}'."),
        };
    }

    /// <summary>
    /// The client configuration: the command's defaults, then the config file, then the key=value
    /// pairs, then the command's own flags, later layers winning.
    /// </summary>
    /// <exception cref="CommandFailedException">The config file is missing or malformed.</exception>
    public Dictionary<string, string> ClientConfig(
        IEnumerable<KeyValuePair<string, string>> defaults,
        IEnumerable<KeyValuePair<string, string>> flags) =>
        Perf.ClientProperties.Merge(BootstrapServers, defaults, UserProperties(), flags);

    /// <summary>The config file and the key=value pairs, without any of the command's defaults.</summary>
    /// <exception cref="CommandFailedException">The config file is missing or malformed.</exception>
    public IEnumerable<KeyValuePair<string, string>> UserProperties()
    {
        try
        {
            var file = ConfigFile is { } path ? CommandConfigFile.Load(path) : new Dictionary<string, string>();
            return [.. file, .. _clientProperties];
        }
        catch (ConfigException e)
        {
            throw new CommandFailedException(e.Message, e);
        }
    }

    private void ReadFormat(IReadOnlyList<KeyValuePair<string, string>> properties)
    {
        foreach (var (name, value) in properties)
        {
            if (!_formatProperties.Contains(name))
            {
                throw new UsageException($"Unknown --property '{name}': use {string.Join(", ", _formatProperties.Order(StringComparer.Ordinal))}.");
            }

            _format[name] = value;
        }
    }

    private static string Unescape(string value) =>
        value.Replace("\\\\", "\u0000", StringComparison.Ordinal)
            .Replace("\\t", "\t", StringComparison.Ordinal)
            .Replace("\\n", "\n", StringComparison.Ordinal)
            .Replace("\\r", "\r", StringComparison.Ordinal)
            .Replace("\u0000", "\\", StringComparison.Ordinal);
}
