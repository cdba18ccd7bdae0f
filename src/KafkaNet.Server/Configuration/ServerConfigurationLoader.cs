namespace KafkaNet.Server.Configuration;

/// <summary>Builds the <see cref="BrokerConfig"/> from server properties.</summary>
public static class ServerConfigurationLoader
{
    /// <summary>Validates raw properties; properties not given take their defaults.</summary>
    /// <exception cref="ConfigException">A value is invalid.</exception>
    public static ConfigLoadResult FromProperties(IReadOnlyDictionary<string, string> properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        var warnings = new List<string>();
        var values = ConfigValues.Resolve(properties, BrokerConfigDefinitions.All, warnings);
        return new ConfigLoadResult(new BrokerConfig(values), warnings);
    }
}
