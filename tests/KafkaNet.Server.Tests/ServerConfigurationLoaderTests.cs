using KafkaNet.Server.Configuration;

namespace KafkaNet.Server.Tests;

public sealed class ServerConfigurationLoaderTests : IDisposable
{
    private readonly string _file = Path.GetTempFileName();

    public void Dispose() => File.Delete(_file);

    [Fact]
    public void Reads_the_properties_file()
    {
        File.WriteAllText(_file, "# broker\nnode.id=4\nlisteners = PLAINTEXT://:19092\nlog.dirs: /var/lib/kafkanet\n");

        var config = ServerConfigurationLoader.Load(CommandLineOptions.Parse([_file])).Config;

        Assert.Equal(4, config.NodeId);
        Assert.Equal(19092, Assert.Single(config.Listeners).Port);
        Assert.Equal(["/var/lib/kafkanet"], config.LogDirs);
    }

    [Fact]
    public void Overrides_win_over_the_file_and_later_overrides_win()
    {
        File.WriteAllText(_file, "node.id=4\nnum.partitions=8\n");

        var config = ServerConfigurationLoader.Load(CommandLineOptions.Parse(
            [_file, "--override", "num.partitions=2", "--override", "num.partitions=3"])).Config;

        Assert.Equal(4, config.NodeId);
        Assert.Equal(3, config.NumPartitions);
    }

    [Fact]
    public void Override_can_repair_an_invalid_file_value()
    {
        File.WriteAllText(_file, "num.partitions=zero\n");

        var config = ServerConfigurationLoader.Load(CommandLineOptions.Parse([_file, "--override", "num.partitions=1"])).Config;

        Assert.Equal(1, config.NumPartitions);
    }

    [Fact]
    public void Unknown_file_properties_are_warned_about()
    {
        File.WriteAllText(_file, "num.io.threads=8\n");

        var result = ServerConfigurationLoader.Load(CommandLineOptions.Parse([_file]));

        Assert.Equal(["Unknown property num.io.threads was ignored"], result.Warnings);
    }

    [Fact]
    public void Missing_file_stops_startup()
    {
        var missing = _file + ".missing";
        var e = Assert.Throws<ConfigException>(() => ServerConfigurationLoader.Load(CommandLineOptions.Parse([missing])));
        Assert.Contains(missing, e.Message);
    }

    [Fact]
    public void Malformed_file_is_reported_with_its_path()
    {
        File.WriteAllText(_file, "key=\\u00\n");
        var e = Assert.Throws<ConfigException>(() => ServerConfigurationLoader.Load(CommandLineOptions.Parse([_file])));
        Assert.Contains(_file, e.Message);
    }
}
