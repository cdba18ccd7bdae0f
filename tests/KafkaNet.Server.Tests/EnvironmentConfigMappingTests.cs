using System.Collections;
using KafkaNet.Server.Configuration;

namespace KafkaNet.Server.Tests;

public sealed class EnvironmentConfigMappingTests : IDisposable
{
    private readonly string _file = Path.GetTempFileName();

    public void Dispose() => File.Delete(_file);

    [Theory]
    [InlineData("KAFKA_NODE_ID", "node.id")]
    [InlineData("KAFKA_LOG_DIRS", "log.dirs")]
    [InlineData("KAFKA_ADVERTISED_LISTENERS", "advertised.listeners")]
    [InlineData("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "listener.security.protocol.map")]
    [InlineData("KAFKA_CONTROLLER_QUORUM_VOTERS", "controller.quorum.voters")]
    [InlineData("KAFKA_ABC_DEF", "abc.def")]
    [InlineData("KAFKA_ABC__DEF", "abc_def")]
    [InlineData("KAFKA_ABC___DEF", "abc-def")]
    [InlineData("KAFKA_LISTENER_NAME_INTERNAL_SSL_KEYSTORE_LOCATION", "listener.name.internal.ssl.keystore.location")]
    [InlineData("KAFKA_A____B", "a-.b")]
    [InlineData("KAFKA_A_____B", "a-_b")]
    [InlineData("KAFKA_A______B", "a--b")]
    [InlineData("KAFKA_KAFKANET_FETCH_ZERO_COPY", "kafkanet.fetch.zero.copy")]
    [InlineData("CLUSTER_ID", "cluster.id")]
    [InlineData("KAFKA_CLUSTER_ID", "cluster.id")]
    public void Variable_names_map_to_property_names_as_in_the_apache_kafka_image(string variable, string property)
    {
        Assert.Equal(property, EnvironmentConfigMapping.PropertyName(variable));
    }

    [Theory]
    [InlineData("KAFKA_HEAP_OPTS")]
    [InlineData("KAFKA_OPTS")]
    [InlineData("KAFKA_JVM_PERFORMANCE_OPTS")]
    [InlineData("KAFKA_JMX_OPTS")]
    [InlineData("KAFKA_LOG4J_OPTS")]
    [InlineData("KAFKA_GC_LOG_OPTS")]
    [InlineData("KAFKA_LOG4J_ROOT_LOGLEVEL")]
    [InlineData("KAFKA_LOG4J_LOGGERS")]
    [InlineData("KAFKA_TOOLS_LOG4J_LOGLEVEL")]
    [InlineData("KAFKA_JMX_HOSTNAME")]
    [InlineData("KAFKA_VERSION")]
    [InlineData("KAFKA_")]
    [InlineData("KAFKANET_CONFIG_FROM_ENV")]
    [InlineData("kafka_node_id")]
    [InlineData("PATH")]
    [InlineData("MY_KAFKA_NODE_ID")]
    public void Variables_that_are_not_server_properties_set_nothing(string variable)
    {
        Assert.Null(EnvironmentConfigMapping.PropertyName(variable));
    }

    [Fact]
    public void Nothing_is_read_without_the_switch()
    {
        Assert.Empty(EnvironmentConfigMapping.Read(new Hashtable { ["KAFKA_NODE_ID"] = "3" }));
        Assert.Empty(EnvironmentConfigMapping.Read(new Hashtable { ["KAFKA_NODE_ID"] = "3", ["KAFKANET_CONFIG_FROM_ENV"] = "1" }));
    }

    [Fact]
    public void With_the_switch_the_properties_are_read_in_name_order_and_the_others_ignored()
    {
        var read = EnvironmentConfigMapping.Read(Switched(
            ("KAFKA_NODE_ID", "3"),
            ("KAFKA_HEAP_OPTS", "-Xmx1G"),
            ("KAFKA_OPTS", "-Dx=y"),
            ("KAFKA_JVM_PERFORMANCE_OPTS", "-server"),
            ("KAFKA_LOG_DIRS", "/var/lib/kafkanet/data"),
            ("HOME", "/home/kafkanet"),
            ("KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://broker:9092")));

        Assert.Equal(
            [
                new("advertised.listeners", "PLAINTEXT://broker:9092"),
                new("log.dirs", "/var/lib/kafkanet/data"),
                new KeyValuePair<string, string>("node.id", "3"),
            ],
            read);
    }

    [Fact]
    public void Kafka_cluster_id_wins_over_cluster_id()
    {
        var read = EnvironmentConfigMapping.Read(Switched(("KAFKA_CLUSTER_ID", "from-kafka-prefix"), ("CLUSTER_ID", "plain")));

        Assert.Equal([new("cluster.id", "plain"), new KeyValuePair<string, string>("cluster.id", "from-kafka-prefix")], read);
        Assert.Equal("from-kafka-prefix", Load([], read).Config.ClusterId);
    }

    [Fact]
    public void Environment_wins_over_the_file_and_overrides_win_over_the_environment()
    {
        File.WriteAllText(_file, "node.id=1\nnum.partitions=2\nlog.dirs=/from/file\n");
        var fromEnvironment = EnvironmentConfigMapping.Read(Switched(("KAFKA_NODE_ID", "5"), ("KAFKA_NUM_PARTITIONS", "6")));

        var config = Load([_file, "--override", "num.partitions=7"], fromEnvironment).Config;

        Assert.Equal(5, config.NodeId);
        Assert.Equal(7, config.NumPartitions);
        Assert.Equal(["/from/file"], config.LogDirs);
    }

    [Fact]
    public void The_environment_alone_configures_a_node_without_a_file()
    {
        var fromEnvironment = EnvironmentConfigMapping.Read(Switched(
            ("KAFKA_NODE_ID", "2"),
            ("KAFKA_LISTENERS", "PLAINTEXT://0.0.0.0:19092,CONTROLLER://0.0.0.0:9093"),
            ("KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://kafkanet-2:19092"),
            ("KAFKA_CONTROLLER_LISTENER_NAMES", "CONTROLLER"),
            ("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
            ("KAFKA_CONTROLLER_QUORUM_VOTERS", "1@kafkanet-1:9093,2@kafkanet-2:9093,3@kafkanet-3:9093"),
            ("CLUSTER_ID", "kafkanet-compose-cluster")));

        var config = Load([], fromEnvironment).Config;

        Assert.Equal(2, config.NodeId);
        Assert.Equal("kafkanet-compose-cluster", config.ClusterId);
        Assert.Equal(["CONTROLLER"], config.ControllerListenerNames);
        Assert.Equal("kafkanet-2", Assert.Single(config.AdvertisedListeners).Host);
        Assert.False(config.Cluster.IsStandalone);
    }

    [Fact]
    public void An_invalid_value_from_the_environment_is_reported_under_its_property()
    {
        var fromEnvironment = EnvironmentConfigMapping.Read(Switched(("KAFKA_NUM_PARTITIONS", "abc")));

        var e = Assert.Throws<ConfigException>(() => Load([], fromEnvironment));

        Assert.Equal("num.partitions", e.PropertyName);
    }

    [Fact]
    public void An_unknown_property_from_the_environment_is_a_warning()
    {
        var fromEnvironment = EnvironmentConfigMapping.Read(Switched(("KAFKA_NO_SUCH_THING", "1")));

        Assert.Contains(Load([], fromEnvironment).Warnings, w => w.Contains("no.such.thing", StringComparison.Ordinal));
    }

    private static ConfigLoadResult Load(string[] args, IReadOnlyList<KeyValuePair<string, string>> fromEnvironment) =>
        ServerConfigurationLoader.Load(CommandLineOptions.Parse(args), fromEnvironment);

    private static Hashtable Switched(params (string Name, string Value)[] variables)
    {
        var environment = new Hashtable { [EnvironmentConfigMapping.SwitchVariable] = "true" };
        foreach (var (name, value) in variables)
        {
            environment[name] = value;
        }

        return environment;
    }
}
