using System.Collections;
using KafkaNet.Server.Configuration;
using KafkaNet.Server.Tests;

namespace KafkaNet.Testcontainers.Tests;

/// <summary>What the builder asks of the container, checked without Docker.</summary>
public class KafkaNetBuilderTests
{
    [Fact]
    public void The_default_image_is_the_local_build_and_WithImage_replaces_it()
    {
        Assert.Equal("kafkanet:latest", new KafkaNetBuilder().Configuration.Image.FullName);
        Assert.Equal("registry.example/kafkanet:1.2", new KafkaNetBuilder().WithImage("registry.example/kafkanet:1.2").Configuration.Image.FullName);
    }

    [Fact]
    public void The_broker_is_configured_by_KAFKA_variables()
    {
        var environment = new KafkaNetBuilder().Configuration.Environments;

        Assert.Equal(
            [
                "KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS=0",
                "KAFKA_LISTENERS=PLAINTEXT://0.0.0.0:9092",
                "KAFKA_NODE_ID=1",
                "KAFKA_OFFSETS_TOPIC_NUM_PARTITIONS=1",
                "KAFKA_TRANSACTION_STATE_LOG_NUM_PARTITIONS=1",
            ],
            environment.Select(e => $"{e.Key}={e.Value}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_server_reads_every_variable_as_a_known_property()
    {
        var environment = new Hashtable { [EnvironmentConfigMapping.SwitchVariable] = "true" };
        foreach (var (name, value) in new KafkaNetBuilder().WithProperty("num.partitions", "3").Configuration.Environments)
        {
            environment[name] = value;
        }

        var loaded = ServerConfigurationLoader.Load(CommandLineOptions.Parse([]), EnvironmentConfigMapping.Read(environment));

        Assert.Empty(loaded.Warnings);
        Assert.Equal(3, loaded.Config.NumPartitions);
        Assert.Equal(9092, Assert.Single(loaded.Config.Listeners).Port);
    }

    [Theory]
    [InlineData("num.partitions", "KAFKA_NUM_PARTITIONS")]
    [InlineData("log.retention.ms", "KAFKA_LOG_RETENTION_MS")]
    [InlineData("kafkanet.fetch.zero.copy", "KAFKA_KAFKANET_FETCH_ZERO_COPY")]
    [InlineData("a_b.c-d", "KAFKA_A__B_C___D")]
    public void WithProperty_names_the_variable_as_the_server_reads_it(string property, string variable)
    {
        Assert.Equal(variable, KafkaNetBuilder.EnvironmentVariableName(property));
        Assert.Equal(property, EnvironmentConfigMapping.PropertyName(variable));
        Assert.Equal("3", new KafkaNetBuilder().WithProperty(property, "3").Configuration.Environments[variable]);
    }

    [Fact]
    public void The_client_port_is_published_on_a_random_host_port()
    {
        var configuration = new KafkaNetBuilder().Configuration;

        // No host port given: Docker picks a free one.
        Assert.Equal(["9092="], configuration.PortBindings.Select(p => $"{p.Key}={p.Value}"));
    }

    [Fact]
    public void The_container_waits_for_the_startup_script_then_runs_it()
    {
        var configuration = new KafkaNetBuilder().Configuration;

        Assert.Equal(["/bin/sh", "-c"], configuration.Entrypoint);
        Assert.Equal(["while [ ! -f /testcontainers.sh ]; do sleep 0.1; done; exec /testcontainers.sh"], configuration.Command);
    }

    [Fact]
    public void The_startup_script_advertises_the_mapped_port_and_runs_the_image_entrypoint()
    {
        Assert.Equal(
            "#!/bin/sh\n"
            + "export KAFKA_ADVERTISED_LISTENERS=PLAINTEXT://127.0.0.1:32768\n"
            + "exec /opt/kafkanet/kafkanet-server /etc/kafkanet/server.properties\n",
            StartupScript.Create("127.0.0.1", 32768));
    }

    [Fact]
    public void The_script_starts_the_server_as_the_Dockerfile_does()
    {
        var dockerfile = File.ReadAllLines(Path.Combine(RepositoryRoot.Path, "docker", "Dockerfile"));

        Assert.Contains($"ENTRYPOINT [\"{KafkaNetBuilder.ServerPath}\", \"{KafkaNetBuilder.PropertiesPath}\"]", dockerfile);
        Assert.Contains("ENV KAFKANET_CONFIG_FROM_ENV=true", dockerfile);
        Assert.Contains("EXPOSE 9092 9093 9404", dockerfile);
    }
}
