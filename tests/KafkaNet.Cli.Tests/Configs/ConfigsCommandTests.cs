using KafkaNet.Broker.Topics;
using KafkaNet.Embedded;

namespace KafkaNet.Cli.Tests.Configs;

/// <summary>`kafkanet configs` against one broker on 127.0.0.1 (node id 1).</summary>
public sealed class ConfigsCommandTests : IAsyncLifetime
{
    private EmbeddedKafka _kafka = null!;

    public async Task InitializeAsync() => _kafka = await EmbeddedKafka.StartAsync();

    public async Task DisposeAsync() => await _kafka.DisposeAsync();

    private Task<CommandRun> RunAsync(params string[] args) => ConfigsRun.RunAsync(["--bootstrap-server", _kafka.BootstrapServers, .. args]);

    [Fact]
    public async Task Explore()
    {
        await _kafka.CreateTopicAsync(new TopicSpec("orders", 1, 1, []));
        var log = new List<string>();
        foreach (var args in new[]
        {
            new[] { "--entity-type", "topics", "--entity-name", "orders", "--alter", "--add-config", "retention.ms=1000,cleanup.policy=[compact,delete]" },
            new[] { "--topic", "orders", "--describe" },
            new[] { "--topic", "orders", "--describe", "--output", "json" },
            new[] { "--entity-type", "topics", "--describe" },
            new[] { "--topic", "nope", "--describe" },
            new[] { "--topic", "nope", "--alter", "--add-config", "retention.ms=5" },
            new[] { "--topic", "orders", "--alter", "--delete-config", "segment.ms" },
            new[] { "--topic", "orders", "--alter", "--add-config", "bogus.x=5" },
            new[] { "--broker", "1", "--alter", "--add-config", "log.retention.ms=5000" },
            new[] { "--broker-defaults", "--alter", "--add-config", "log.retention.ms=6000" },
            new[] { "--entity-type", "brokers", "--describe" },
            new[] { "--broker", "1", "--describe", "--all" },
            new[] { "--broker-logger", "1", "--describe" },
            new[] { "--entity-type", "clients", "--entity-name", "x", "--alter", "--add-config", "producer_byte_rate=1024" },
            new[] { "--entity-type", "users", "--describe" },
        })
        {
            var run = await RunAsync(args);
            log.Add(string.Join(' ', args) + "\n" + run);
        }

        await File.WriteAllTextAsync("/tmp/cfg-explore.txt", string.Join("\n=====\n", log));
    }
}
