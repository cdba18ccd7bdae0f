using KafkaNet.Server.Configuration;

namespace KafkaNet.Cli.Arguments;

/// <summary>A --command-config file: Kafka's properties format, values read without surrounding whitespace.</summary>
internal static class CommandConfigFile
{
    /// <exception cref="ConfigException">The file is missing, unreadable or malformed.</exception>
    public static IReadOnlyDictionary<string, string> Load(string path) =>
        JavaPropertiesParser.ParseFile(path).ToDictionary(p => p.Key, p => p.Value.Trim(), StringComparer.Ordinal);
}
