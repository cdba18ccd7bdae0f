namespace KafkaNet.Server.Configuration;

/// <summary>
/// Builds the <see cref="BrokerConfig"/> the way kafka-server-start does: the properties file, if any,
/// then each --override on top of it. In the container image, KAFKA_* environment variables
/// (<see cref="EnvironmentConfigMapping"/>) sit between the two: they win over the file, as in the apache/kafka
/// image, and an --override given on the command line wins over them.
/// </summary>
public static class ServerConfigurationLoader
{
    /// <summary>Loads the file named on the command line and applies the overrides.</summary>
    /// <exception cref="ConfigException">The file cannot be read, or a value is invalid.</exception>
    public static ConfigLoadResult Load(CommandLineOptions options) => Load(options, []);

    /// <summary>Loads the file named on the command line, then applies the environment's properties, then the overrides.</summary>
    /// <exception cref="ConfigException">The file cannot be read, or a value is invalid.</exception>
    public static ConfigLoadResult Load(CommandLineOptions options, IReadOnlyList<KeyValuePair<string, string>> fromEnvironment)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(fromEnvironment);
        var properties = options.PropertiesFile is { } path
            ? JavaPropertiesParser.ParseFile(path)
            : new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in fromEnvironment.Concat(options.Overrides))
        {
            properties[key] = value;
        }

        return FromProperties(properties);
    }

    /// <summary>Validates raw properties; properties not given take their defaults.</summary>
    /// <exception cref="ConfigException">A value is invalid.</exception>
    public static ConfigLoadResult FromProperties(IReadOnlyDictionary<string, string> properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        var warnings = new List<string>();
        var values = ConfigValues.Resolve(properties, BrokerConfigDefinitions.All, warnings);
        var written = new Dictionary<string, string>(properties, StringComparer.Ordinal);
        return new ConfigLoadResult(new BrokerConfig(values) { Properties = written }, warnings);
    }
}
