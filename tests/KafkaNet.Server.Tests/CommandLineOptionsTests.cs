using KafkaNet.Server.Configuration;

namespace KafkaNet.Server.Tests;

public class CommandLineOptionsTests
{
    [Fact]
    public void No_arguments_means_defaults()
    {
        var options = CommandLineOptions.Parse([]);

        Assert.Null(options.PropertiesFile);
        Assert.Empty(options.Overrides);
        Assert.False(options.ShowHelp);
        Assert.Equal(1, ServerConfigurationLoader.Load(options).Config.NodeId);
    }

    [Fact]
    public void File_and_overrides()
    {
        var options = CommandLineOptions.Parse(
            ["config/server.properties", "--override", "node.id=3", "--override", "log.dirs=/a=b", "--override", " num.partitions =2"]);

        Assert.Equal("config/server.properties", options.PropertiesFile);
        Assert.Equal(
            [new("node.id", "3"), new("log.dirs", "/a=b"), new KeyValuePair<string, string>("num.partitions", "2")],
            options.Overrides);
    }

    [Fact]
    public void Overrides_may_come_before_the_file()
    {
        var options = CommandLineOptions.Parse(["--override", "node.id=3", "server.properties"]);

        Assert.Equal("server.properties", options.PropertiesFile);
        Assert.Single(options.Overrides);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void Help(string flag)
    {
        Assert.True(CommandLineOptions.Parse(["server.properties", flag]).ShowHelp);
    }

    [Fact]
    public void Usage_lists_the_syntax_and_every_property()
    {
        var usage = CommandLineOptions.UsageText;

        Assert.Contains("kafkanet-server [server.properties] [--override property=value]", usage);
        Assert.All(BrokerConfigDefinitions.All, row => Assert.Contains(row.Name, usage));
    }

    [Theory]
    [InlineData("--override", "--override needs")]
    [InlineData("--override novalue", "Malformed override 'novalue'")]
    [InlineData("--override =value", "Malformed override '=value'")]
    [InlineData("--verbose", "Unknown option '--verbose'")]
    [InlineData("a.properties b.properties", "Unexpected argument 'b.properties'")]
    public void Malformed_arguments_are_explained(string args, string expected)
    {
        var e = Assert.Throws<ConfigException>(() => CommandLineOptions.Parse(args.Split(' ')));

        Assert.Contains(expected, e.Message);
        Assert.Contains("--help", e.Message);
    }
}
