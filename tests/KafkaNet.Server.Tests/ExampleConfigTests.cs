using KafkaNet.Server.Configuration;

namespace KafkaNet.Server.Tests;

/// <summary>Keeps docker/server.properties in step with the configuration table.</summary>
public class ExampleConfigTests
{
    private static readonly string ExamplePath = Path.Combine(RepositoryRoot.Path, "docker", "server.properties");

    [Fact]
    public void Example_loads_without_warnings_and_matches_the_defaults()
    {
        var example = ServerConfigurationLoader.Load(CommandLineOptions.Parse([ExamplePath]));
        var defaults = ServerConfigurationLoader.FromProperties(new Dictionary<string, string>()).Config;

        Assert.Empty(example.Warnings);
        Assert.All(BrokerConfigDefinitions.All, row =>
            Assert.Equal(defaults.GetValue(row.Name), example.Config.GetValue(row.Name)));
    }

    [Fact]
    public void Example_mentions_every_property()
    {
        var text = File.ReadAllText(ExamplePath);
        Assert.All(BrokerConfigDefinitions.All, row => Assert.Contains(row.Name + "=", text));
    }
}
