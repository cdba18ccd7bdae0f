using KafkaNet.Server.Configuration;

namespace KafkaNet.Server.Tests;

/// <summary>Shorthand for loading a configuration from inline properties.</summary>
internal static class Props
{
    public static ConfigLoadResult LoadResult(params string[] keyValues)
    {
        var properties = new Dictionary<string, string>();
        foreach (var pair in keyValues)
        {
            var equals = pair.IndexOf('=');
            properties[pair[..equals]] = pair[(equals + 1)..];
        }

        return ServerConfigurationLoader.FromProperties(properties);
    }

    public static BrokerConfig Load(params string[] keyValues) => LoadResult(keyValues).Config;

    /// <summary>Asserts that loading fails and the message names the property and the value.</summary>
    public static ConfigException Rejects(string property, string value, params string[] others)
    {
        var e = Assert.Throws<ConfigException>(() => Load([$"{property}={value}", .. others]));
        Assert.Contains(property, e.Message);
        Assert.Contains(value, e.Message);
        return e;
    }
}
