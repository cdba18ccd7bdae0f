namespace KafkaNet.Cli.Perf;

/// <summary>Client configuration from the command line: bootstrap servers plus the user's key=value pairs.</summary>
internal static class ClientProperties
{
    /// <summary>
    /// Later layers win: the tool's defaults, then the user's key=value pairs, then the tool's own
    /// flags, so an explicit --acks is never silently undone by a --producer-props entry.
    /// </summary>
    public static Dictionary<string, string> Merge(string bootstrapServers, params IEnumerable<KeyValuePair<string, string>>[] layers)
    {
        var merged = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["bootstrap.servers"] = bootstrapServers,
        };
        foreach (var (key, value) in layers.SelectMany(layer => layer))
        {
            merged[key] = value;
        }

        return merged;
    }

}
