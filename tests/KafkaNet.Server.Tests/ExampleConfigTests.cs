using KafkaNet.Server.Configuration;

namespace KafkaNet.Server.Tests;

/// <summary>Keeps docker/server.properties in step with the configuration table.</summary>
public class ExampleConfigTests
{
    private static readonly string ExamplePath = Path.Combine(FindRepositoryRoot(), "docker", "server.properties");

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

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "KafkaNet.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("KafkaNet.sln not found above " + AppContext.BaseDirectory);
    }
}
