using KafkaNet.Embedded;

namespace KafkaNet.Cli.Tests.Configs;

/// <summary>`kafkanet configs --entity-type users` SCRAM credentials against one broker on 127.0.0.1.</summary>
public sealed class ScramConfigsCommandTests : IAsyncLifetime
{
    private EmbeddedKafka _kafka = null!;

    public async Task InitializeAsync() => _kafka = await EmbeddedKafka.StartAsync();

    public async Task DisposeAsync() => await _kafka.DisposeAsync();

    private Task<CommandRun> RunAsync(params string[] args) => ConfigsRun.RunAsync(["--bootstrap-server", _kafka.BootstrapServers, .. args]);

    private async Task<string> SucceedAsync(params string[] args)
    {
        var run = await RunAsync(args);
        Assert.True(run.Exit == 0, run.ToString());
        Assert.Empty(run.Error);
        return run.Out;
    }

    [Fact]
    public async Task Add_describe_and_delete_scram_credentials_print_kafkas_lines()
    {
        string added = await SucceedAsync("--alter", "--add-config", "SCRAM-SHA-512=[iterations=8192,password=alice-secret]", "--entity-type", "users", "--entity-name", "alice");
        await SucceedAsync("--alter", "--add-config", "SCRAM-SHA-256=[password=alice-secret]", "--entity-type", "users", "--entity-name", "alice");
        await SucceedAsync("--alter", "--add-config", "SCRAM-SHA-256=[iterations=4096,password=bob-secret]", "--entity-type", "users", "--entity-name", "bob");
        string alice = await SucceedAsync("--describe", "--entity-type", "users", "--entity-name", "alice");
        string all = await SucceedAsync("--describe", "--entity-type", "users");
        string allJson = await SucceedAsync("--describe", "--entity-type", "users", "--output", "json");
        string deleted = await SucceedAsync("--alter", "--delete-config", "SCRAM-SHA-512", "--entity-type", "users", "--entity-name", "alice");
        string after = await SucceedAsync("--describe", "--user", "alice");

        Assert.Equal("Completed updating config for user alice.\n", added);
        Assert.Equal("SCRAM credential configs for user-principal 'alice' are SCRAM-SHA-256=iterations=4096, SCRAM-SHA-512=iterations=8192\n", alice);
        Assert.Equal("SCRAM credential configs for user-principal 'alice' are SCRAM-SHA-256=iterations=4096, SCRAM-SHA-512=iterations=8192\n"
            + "SCRAM credential configs for user-principal 'bob' are SCRAM-SHA-256=iterations=4096\n", all);
        Assert.Equal(
            """
            {
              "quotas": [],
              "scramCredentials": [
                {
                  "user": "alice",
                  "credentials": [
                    {
                      "mechanism": "SCRAM-SHA-256",
                      "iterations": 4096
                    },
                    {
                      "mechanism": "SCRAM-SHA-512",
                      "iterations": 8192
                    }
                  ],
                  "error": null
                },
                {
                  "user": "bob",
                  "credentials": [
                    {
                      "mechanism": "SCRAM-SHA-256",
                      "iterations": 4096
                    }
                  ],
                  "error": null
                }
              ]
            }

            """,
            allJson);
        Assert.Equal("Completed updating config for user alice.\n", deleted);
        Assert.Equal("SCRAM credential configs for user-principal 'alice' are SCRAM-SHA-256=iterations=4096\n", after);
    }

    [Fact]
    public async Task Every_user_of_a_cluster_without_any_prints_nothing()
    {
        // librdkafka's describe of every user ends the process when there is none; the tool asks the broker itself.
        Assert.Equal("", await SucceedAsync("--describe", "--entity-type", "users"));
        Assert.Equal("{\n  \"quotas\": [],\n  \"scramCredentials\": []\n}\n", await SucceedAsync("--describe", "--entity-type", "users", "--output", "json"));
    }

    [Fact]
    public async Task A_user_without_credentials_or_quotas_prints_nothing_as_kafkas_tool()
    {
        string output = await SucceedAsync("--describe", "--entity-type", "users", "--entity-name", "nobody");

        Assert.Equal("", output);
    }

    [Theory]
    [InlineData("error: Iterations 1000 is less than the minimum 4096 required for SCRAM-SHA-256\n", "--add-config", "SCRAM-SHA-256=[iterations=1000,password=x]")]
    [InlineData("error: Invalid credential property SCRAM-SHA-256=[hidden]\n", "--add-config", "SCRAM-SHA-256=[iterations=8192]")]
    [InlineData("error: UNACCEPTABLE_CREDENTIAL: Too many iterations\n", "--add-config", "SCRAM-SHA-512=[iterations=20000,password=x]")]
    [InlineData("error: RESOURCE_NOT_FOUND: Attempt to delete a user credential that does not exist\n", "--delete-config", "SCRAM-SHA-512")]
    [InlineData("error: DUPLICATE_RESOURCE: A user credential cannot be altered twice in the same request\n", "--add-config", "SCRAM-SHA-512=[password=x],SCRAM-SHA-256=[password=x]")]
    public async Task Refusals_exit_1_with_kafkas_message_and_no_password(string expected, string option, string value)
    {
        var run = await RunAsync("--alter", option, value, "--entity-type", "users", "--entity-name", "carol");

        Assert.True(run.Exit == 1, run.ToString());
        Assert.Equal(expected, run.Error);
        Assert.Empty(run.Out);
    }
}
