using KafkaNet.Broker;
using KafkaNet.Embedded;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Cli.Tests.Configs;

/// <summary>`kafkanet configs` on client quotas of users and clients, against one broker on 127.0.0.1.</summary>
public sealed class ClientQuotaConfigsTests : IAsyncLifetime
{
    private EmbeddedKafka _kafka = null!;

    public async Task InitializeAsync() => _kafka = await EmbeddedKafka.StartAsync();

    public async Task DisposeAsync() => await _kafka.DisposeAsync();

    private async Task<string> SucceedAsync(params string[] args)
    {
        var run = await ConfigsRun.RunAsync(["--bootstrap-server", _kafka.BootstrapServers, .. args]);
        Assert.True(run.Exit == 0, run.ToString());
        Assert.Empty(run.Error);
        return run.Out;
    }

    private async Task FailAsync(string expectedError, params string[] args)
    {
        var run = await ConfigsRun.RunAsync(["--bootstrap-server", _kafka.BootstrapServers, .. args]);
        Assert.True(run.Exit == 1, run.ToString());
        Assert.Equal(expectedError + "\n", run.Error);
        Assert.Empty(run.Out);
    }

    [Fact]
    public async Task A_user_quota_is_added_described_and_deleted_as_Kafka_prints_it()
    {
        Assert.Equal("Completed updating config for user alice.\n",
            await SucceedAsync("--alter", "--add-config", "producer_byte_rate=1048576,consumer_byte_rate=2097152", "--entity-type", "users", "--entity-name", "alice"));

        Assert.Equal("Quota configs for user-principal 'alice' are consumer_byte_rate=2097152.0, producer_byte_rate=1048576.0\n",
            await SucceedAsync("--describe", "--entity-type", "users", "--entity-name", "alice"));
        Assert.Equal(
            """
            {
              "quotas": [
                {
                  "entity": {
                    "user": "alice"
                  },
                  "configs": {
                    "consumer_byte_rate": 2097152,
                    "producer_byte_rate": 1048576
                  }
                }
              ],
              "scramCredentials": []
            }

            """,
            await SucceedAsync("--describe", "--entity-type", "users", "--entity-name", "alice", "--output", "json"));

        Assert.Equal("Completed updating config for user alice.\n",
            await SucceedAsync("--alter", "--delete-config", "consumer_byte_rate", "--entity-type", "users", "--entity-name", "alice"));
        Assert.Equal("Quota configs for user-principal 'alice' are producer_byte_rate=1048576.0\n",
            await SucceedAsync("--describe", "--user", "alice"));
    }

    [Fact]
    public async Task A_user_and_client_pair_defaults_and_describing_a_whole_type()
    {
        await SucceedAsync("--alter", "--add-config", "request_percentage=50", "--entity-type", "users", "--entity-name", "bob", "--entity-type", "clients", "--entity-name", "app");
        Assert.Equal("Completed updating default config for clients in the cluster.\n",
            await SucceedAsync("--alter", "--add-config", "consumer_byte_rate=20971520", "--entity-type", "clients", "--entity-default"));
        await SucceedAsync("--alter", "--add-config", "producer_byte_rate=5242880", "--entity-type", "clients", "--entity-name", "billing");

        Assert.Equal("Quota configs for user-principal 'bob', client-id 'app' are request_percentage=50.0\n",
            await SucceedAsync("--describe", "--entity-type", "users", "--entity-name", "bob", "--entity-type", "clients", "--entity-name", "app"));
        Assert.Equal("Quota configs for the default client-id are consumer_byte_rate=2.097152E7\n",
            await SucceedAsync("--describe", "--entity-type", "clients", "--entity-default"));
        Assert.Equal(
            """
            Quota configs for client-id 'billing' are producer_byte_rate=5242880.0
            Quota configs for the default client-id are consumer_byte_rate=2.097152E7

            """,
            await SucceedAsync("--describe", "--entity-type", "clients"));
    }

    [Fact]
    public async Task Refusals_exit_1_with_the_brokers_error()
    {
        await FailAsync("error: INVALID_CONFIG: Invalid config(s): producer_byte_rate",
            "--alter", "--delete-config", "producer_byte_rate", "--entity-type", "users", "--entity-name", "nobody");
        await FailAsync("error: INVALID_REQUEST: Configuration producer_byte_rate must be a Long value",
            "--alter", "--add-config", "producer_byte_rate=1.5", "--entity-type", "users", "--entity-name", "carol");
    }

    [Fact]
    public async Task A_broker_without_the_quota_requests_is_told_apart()
    {
        await using var narrow = await EmbeddedKafka.StartAsync(new EmbeddedKafkaOptions
        {
            Handlers = KafkaBroker.DefaultHandlers().Where(h => h.ApiKey is not (DescribeClientQuotasRequest.ApiKey or AlterClientQuotasRequest.ApiKey)),
        });
        string broker = narrow.BootstrapServers;

        var altered = await ConfigsRun.RunAsync("--bootstrap-server", broker, "--entity-type", "clients", "--entity-name", "billing", "--alter", "--add-config", "producer_byte_rate=1024");
        var described = await ConfigsRun.RunAsync("--bootstrap-server", broker, "--user", "alice", "--describe");

        Assert.Equal((1, $"error: UNSUPPORTED_VERSION: The broker at {broker} does not support client quotas: it does not serve AlterClientQuotas (API key 49).\n"), (altered.Exit, altered.Error));
        Assert.Equal((1, $"error: UNSUPPORTED_VERSION: The broker at {broker} does not support client quotas: it does not serve DescribeClientQuotas (API key 48).\n"), (described.Exit, described.Error));
    }
}
