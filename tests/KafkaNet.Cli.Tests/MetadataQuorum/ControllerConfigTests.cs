using KafkaNet.Broker;
using KafkaNet.Cli.Arguments;
using KafkaNet.Cli.MetadataQuorum;
using KafkaNet.Server.Configuration;

namespace KafkaNet.Cli.Tests.MetadataQuorum;

public sealed class ControllerConfigTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kafkanet-cli-config-" + Guid.NewGuid().ToString("N"));
    private readonly Guid _directoryId = Guid.NewGuid();

    public ControllerConfigTests()
    {
        MetaProperties.LoadOrCreateClusterId(_dir, 4, "the-cluster", _directoryId);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private Dictionary<string, string> Controller() => new()
    {
        ["node.id"] = "4",
        ["process.roles"] = "controller",
        ["controller.listener.names"] = "CONTROLLER",
        ["listeners"] = "CONTROLLER://0.0.0.0:9093",
        ["advertised.listeners"] = "CONTROLLER://c4.example:19093",
        ["log.dirs"] = _dir + ",/elsewhere",
    };

    [Fact]
    public void Reads_node_id_directory_id_cluster_id_and_the_advertised_controller_endpoint()
    {
        var config = ControllerConfig.From(Controller());

        Assert.Equal(4, config.NodeId);
        Assert.Equal(_directoryId, config.DirectoryId);
        Assert.Equal("the-cluster", config.ClusterId);
        Assert.Equal([new ListenerEndpoint("CONTROLLER", "c4.example", 19093)], config.Endpoints);
        Assert.Equal("CONTROLLER://c4.example:19093", config.Endpoints[0].ToString());
    }

    [Fact]
    public void Metadata_log_dir_comes_first_and_an_empty_listener_host_is_localhost()
    {
        var properties = Controller();
        properties["metadata.log.dir"] = _dir;
        properties["log.dirs"] = "/nowhere";
        properties.Remove("advertised.listeners");
        properties["listeners"] = "PLAINTEXT://:9092,controller://:9093";

        var config = ControllerConfig.From(properties);

        Assert.Equal([new ListenerEndpoint("CONTROLLER", "localhost", 9093)], config.Endpoints);
    }

    [Theory]
    [InlineData("node.id", null, "node.id not found in configuration file")]
    [InlineData("node.id", "-3", "node.id was negative")]
    [InlineData("process.roles", "broker", "process.roles did not contain 'controller'")]
    [InlineData("log.dirs", null, "Neither metadata.log.dir nor log.dirs were found")]
    [InlineData("log.dirs", "/no/such/dir", "Unable to read meta.properties from /no/such/dir")]
    [InlineData("controller.listener.names", null, "controller.listener.names was not found")]
    [InlineData("controller.listener.names", "CONTROLLER,OTHER", "Cannot find information about controller listener name: OTHER")]
    [InlineData("listeners", "CONTROLLER:9093", "Listener 'CONTROLLER:9093' is not of the form NAME://host:port")]
    public void A_file_that_is_not_a_controller_configuration_is_refused(string key, string? value, string reason)
    {
        var properties = Controller();
        if (value is null)
        {
            properties.Remove(key);
        }
        else
        {
            properties[key] = value;
        }

        if (key == "listeners")
        {
            properties.Remove("advertised.listeners");
        }

        var error = Assert.Throws<CommandFailedException>(() => ControllerConfig.From(properties));
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void Meta_properties_without_a_directory_id_is_refused()
    {
        File.WriteAllText(Path.Combine(_dir, MetaProperties.FileName), "version=1\ncluster.id=c\nnode.id=4\n");

        var error = Assert.Throws<CommandFailedException>(() => ControllerConfig.From(Controller()));

        Assert.Equal($"No directory id found in {_dir}", error.Message);
    }

    [Fact]
    public void The_properties_file_is_read_in_kafkas_format_with_values_trimmed()
    {
        string path = Path.Combine(_dir, "controller.properties");
        File.WriteAllText(path, $"# a controller\nnode.id = 4  \nprocess.roles: controller\ncontroller.listener.names=CONTROLLER\n"
            + $"listeners=CONTROLLER://127.0.0.1:9093,\\\n    PLAINTEXT://:9092\nlog.dirs={_dir}\n");

        var config = ControllerConfig.From(ControllerConfig.LoadProperties(path));

        Assert.Equal(4, config.NodeId);
        Assert.Equal([new ListenerEndpoint("CONTROLLER", "127.0.0.1", 9093)], config.Endpoints);
    }

    [Fact]
    public void A_missing_properties_file_is_named()
    {
        var error = Assert.Throws<CommandFailedException>(() => ControllerConfig.LoadProperties("no-such.properties"));

        Assert.Equal("Properties file 'no-such.properties' does not exist.", error.Message);
    }
}
