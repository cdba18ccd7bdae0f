using System.Text.Json;
using KafkaNet.Broker.Topics;
using KafkaNet.Embedded;

namespace KafkaNet.Cli.Tests.Configs;

/// <summary>`kafkanet configs` against one broker on 127.0.0.1 (node id 1).</summary>
public sealed class ConfigsCommandTests : IAsyncLifetime
{
    private EmbeddedKafka _kafka = null!;

    public async Task InitializeAsync()
    {
        _kafka = await EmbeddedKafka.StartAsync();
        await _kafka.CreateTopicAsync(new TopicSpec("orders", 1, 1, []));
    }

    public async Task DisposeAsync() => await _kafka.DisposeAsync();

    private Task<CommandRun> RunAsync(params string[] args) => ConfigsRun.RunAsync(["--bootstrap-server", _kafka.BootstrapServers, .. args]);

    private async Task<CommandRun> SucceedAsync(params string[] args)
    {
        var run = await RunAsync(args);
        Assert.True(run.Exit == 0, run.ToString());
        return run;
    }

    private async Task FailAsync(string expectedError, params string[] args)
    {
        var run = await RunAsync(args);
        Assert.True(run.Exit == 1, run.ToString());
        Assert.Equal(expectedError + "\n", run.Error);
        Assert.Empty(run.Out);
    }

    [Fact]
    public async Task Alter_then_describe_a_topic_shows_its_configs_and_delete_config_removes_them()
    {
        var altered = await SucceedAsync("--entity-type", "topics", "--entity-name", "orders", "--alter", "--add-config", "retention.ms=1000,cleanup.policy=[compact,delete]");
        Assert.Equal("Completed updating config for topic orders.\n", altered.Out);

        var described = await SucceedAsync("--topic", "orders", "--describe");
        Assert.Equal(
            """
            Dynamic configs for topic orders are:
              cleanup.policy=compact,delete sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:cleanup.policy=compact,delete, DEFAULT_CONFIG:log.cleanup.policy=delete}
              retention.ms=1000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:retention.ms=1000, DEFAULT_CONFIG:log.retention.ms=604800000}

            """,
            described.Out);

        var all = (await SucceedAsync("--topic", "orders", "--describe", "--all")).Out.Split('\n');
        Assert.Equal("All configs for topic orders are:", all[0]);
        Assert.Contains("  retention.ms=1000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:retention.ms=1000, DEFAULT_CONFIG:log.retention.ms=604800000}", all);
        Assert.Contains("  segment.bytes=1073741824 sensitive=false synonyms={DEFAULT_CONFIG:log.segment.bytes=1073741824}", all);

        var deleted = await SucceedAsync("--topic", "orders", "--alter", "--delete-config", "cleanup.policy,retention.ms");
        Assert.Equal("Completed updating config for topic orders.\n", deleted.Out);
        Assert.Equal("Dynamic configs for topic orders are:\n", (await SucceedAsync("--topic", "orders", "--describe")).Out);
    }

    [Fact]
    public async Task Json_output_is_one_document_of_entities_and_their_configs()
    {
        await SucceedAsync("--topic", "orders", "--alter", "--add-config", "retention.ms=1000");

        var described = await SucceedAsync("--entity-type", "topics", "--describe", "--output", "json");
        Assert.Equal(
            """
            {
              "entities": [
                {
                  "entityType": "topics",
                  "entityName": "orders",
                  "configs": [
                    {
                      "name": "retention.ms",
                      "value": "1000",
                      "source": "DYNAMIC_TOPIC_CONFIG",
                      "sensitive": false,
                      "readOnly": false,
                      "synonyms": [
                        {
                          "name": "retention.ms",
                          "value": "1000",
                          "source": "DYNAMIC_TOPIC_CONFIG"
                        },
                        {
                          "name": "log.retention.ms",
                          "value": "604800000",
                          "source": "DEFAULT_CONFIG"
                        }
                      ]
                    }
                  ]
                }
              ]
            }

            """,
            described.Out);

        using var altered = JsonDocument.Parse((await SucceedAsync("--topic", "orders", "--alter", "--add-config", "retention.ms=2000", "--output", "json")).Out);
        Assert.Equal("orders", altered.RootElement.GetProperty("entityName").GetString());
        Assert.Equal("2000", altered.RootElement.GetProperty("set").GetProperty("retention.ms").GetString());
    }

    [Fact]
    public async Task Brokers_and_their_cluster_default_are_altered_and_described()
    {
        Assert.Equal("Completed updating config for broker 1.\n", (await SucceedAsync("--broker", "1", "--alter", "--add-config", "log.retention.ms=5000")).Out);
        Assert.Equal("Completed updating default config for brokers in the cluster.\n",
            (await SucceedAsync("--entity-type", "brokers", "--entity-default", "--alter", "--add-config", "log.retention.ms=6000")).Out);

        var described = await SucceedAsync("--entity-type", "brokers", "--describe");
        Assert.Equal(
            """
            Dynamic configs for broker 1 are:
              log.retention.ms=5000 sensitive=false synonyms={DYNAMIC_BROKER_CONFIG:log.retention.ms=5000, DYNAMIC_DEFAULT_BROKER_CONFIG:log.retention.ms=6000, DEFAULT_CONFIG:log.retention.hours=168}
            Default configs for brokers in the cluster are:
              log.retention.ms=6000 sensitive=false synonyms={DYNAMIC_DEFAULT_BROKER_CONFIG:log.retention.ms=6000}

            """,
            described.Out);

        var all = (await SucceedAsync("--broker", "1", "--describe", "--all")).Out.Split('\n');
        Assert.Equal("All configs for broker 1 are:", all[0]);
        Assert.Contains("  node.id=1 sensitive=false synonyms={STATIC_BROKER_CONFIG:node.id=1}", all);

        await SucceedAsync("--broker-defaults", "--alter", "--delete-config", "log.retention.ms");
        Assert.Equal("Default configs for brokers in the cluster are:\n", (await SucceedAsync("--broker-defaults", "--describe")).Out);
    }

    [Fact]
    public async Task Add_config_file_sets_every_property_of_the_file()
    {
        string path = Path.Combine(Path.GetTempPath(), $"kafkanet-configs-{Guid.NewGuid():N}.properties");
        await File.WriteAllTextAsync(path, "retention.ms=3000\nmax.message.bytes=2048\n");
        try
        {
            await SucceedAsync("--topic", "orders", "--alter", "--add-config-file", path);
        }
        finally
        {
            File.Delete(path);
        }

        var described = await SucceedAsync("--topic", "orders", "--describe");
        Assert.Equal(
            """
            Dynamic configs for topic orders are:
              max.message.bytes=2048 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:max.message.bytes=2048, DEFAULT_CONFIG:message.max.bytes=1048588}
              retention.ms=3000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:retention.ms=3000, DEFAULT_CONFIG:log.retention.ms=604800000}

            """,
            described.Out);
    }

    [Fact]
    public async Task Refusals_exit_1_with_Kafka_error_names()
    {
        await FailAsync("error: UNKNOWN_TOPIC_OR_PARTITION: Topic 'missing' does not exist. (topic missing)", "--topic", "missing", "--describe");
        await FailAsync("error: UNKNOWN_TOPIC_OR_PARTITION: Topic 'missing' does not exist. (topic missing)", "--topic", "missing", "--alter", "--add-config", "retention.ms=5");
        await FailAsync("error: INVALID_CONFIG: Invalid config(s): retention.ms", "--topic", "orders", "--alter", "--delete-config", "retention.ms");
        await FailAsync("error: INVALID_CONFIG: Unknown topic config name: no.such.config (topic orders)", "--topic", "orders", "--alter", "--add-config", "no.such.config=1");
    }

    [Fact]
    public async Task Broker_loggers_are_said_to_be_unavailable_on_this_broker()
    {
        string expected = $"error: Broker loggers are not available on the broker at {_kafka.BootstrapServers} (broker-logger 1): "
            + "it answers BROKER_LOGGER config resources with INVALID_REQUEST: Unsupported resource type 8";
        await FailAsync(expected, "--broker-logger", "1", "--describe");
        await FailAsync(expected, "--entity-type", "broker-loggers", "--entity-name", "1", "--alter", "--add-config", "kafka.server=DEBUG");
    }

    [Fact]
    public async Task A_broker_the_cluster_does_not_list_is_refused_at_once()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await FailAsync("error: Broker 2 is not in the cluster (brokers 1).", "--broker", "2", "--describe");
        await FailAsync("error: Broker 2 is not in the cluster (brokers 1).", "--broker-logger", "2", "--describe");
        await FailAsync("error: Broker 2 is not in the cluster (brokers 1).", "--broker", "2", "--alter", "--add-config", "log.cleaner.threads=2");

        // Without the check each would wait for the admin client's 30-second timeout.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(25), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Clients_take_quota_configs_only_and_users_say_the_broker_does_not_support_scram_credentials()
    {
        string broker = _kafka.BootstrapServers;
        string path = Path.Combine(Path.GetTempPath(), $"kafkanet-quotas-{Guid.NewGuid():N}.properties");
        await File.WriteAllTextAsync(path, "retention.ms=1\n");
        try
        {
            await FailAsync("error: Only quota configs can be added for 'clients' using --bootstrap-server. Unexpected config names: retention.ms",
                "--client-defaults", "--alter", "--add-config-file", path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
