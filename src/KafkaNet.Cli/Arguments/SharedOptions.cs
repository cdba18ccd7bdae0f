namespace KafkaNet.Cli.Arguments;

/// <summary>
/// The options every perf command takes: where the cluster is, which topic, client properties
/// passed through, and the output format. Each command reads its own options around these.
/// </summary>
internal sealed class SharedOptions
{
    private readonly string _propertiesOption;

    /// <param name="propertiesOption">The command's name for client properties, as in Kafka's tools.</param>
    public SharedOptions(string propertiesOption)
    {
        _propertiesOption = propertiesOption;
    }

    public string BootstrapServers { get; private set; } = string.Empty;

    public string Topic { get; private set; } = string.Empty;

    public IReadOnlyList<KeyValuePair<string, string>> Properties { get; private set; } = [];

    public bool Json { get; private set; }

    /// <summary>Reads <paramref name="option"/> if it is a shared one; false leaves it to the command.</summary>
    public bool TryRead(string option, ArgumentCursor cursor)
    {
        switch (option)
        {
            case "--bootstrap-server": BootstrapServers = cursor.BootstrapServers(option); return true;
            case "--topic": Topic = cursor.String(option); return true;
            case "--json": Json = true; return true;
            default:
                if (option != _propertiesOption)
                {
                    return false;
                }

                Properties = cursor.Properties(option);
                return true;
        }
    }

    /// <summary>
    /// Reads every option of <paramref name="args"/>: the shared ones here, the rest through
    /// <paramref name="readOwn"/>, which returns false for an option its command does not take.
    /// </summary>
    public void ReadAll(IReadOnlyList<string> args, string command, Func<string, ArgumentCursor, bool> readOwn)
    {
        var cursor = new ArgumentCursor(args);
        while (cursor.TryNextOption(out var option))
        {
            if (!TryRead(option, cursor) && !readOwn(option, cursor))
            {
                throw new UsageException($"Unknown option '{option}' for perf {command}.");
            }
        }
    }

    /// <summary>Checks the options without which no command can run.</summary>
    public void RequireTarget()
    {
        ArgumentCursor.Require(BootstrapServers.Length == 0 ? null : BootstrapServers, "--bootstrap-server");
        ArgumentCursor.Require(Topic.Length == 0 ? null : Topic, "--topic");
    }
}
