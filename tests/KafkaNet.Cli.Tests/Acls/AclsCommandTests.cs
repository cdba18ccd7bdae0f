using KafkaNet.Embedded;

namespace KafkaNet.Cli.Tests.Acls;

/// <summary>`kafkanet acls` against one KafkaNet broker on 127.0.0.1 without an authorizer (authorizer.class.name empty).</summary>
public sealed class AclsCommandTests : IAsyncLifetime
{
    private const string NoAuthorizer = "error: SECURITY_DISABLED: No Authorizer is configured.\n";

    private EmbeddedKafka _kafka = null!;

    public async Task InitializeAsync() => _kafka = await EmbeddedKafka.StartAsync();

    public async Task DisposeAsync() => await _kafka.DisposeAsync();

    private Task<CommandRun> RunAsync(string stdin, params string[] args) => AclsRun.RunAsync(stdin, ["--bootstrap-server", _kafka.BootstrapServers, .. args]);

    [Fact]
    public async Task Listing_says_the_broker_has_no_authorizer_and_exits_1()
    {
        // The broker answers DescribeAcls with SECURITY_DISABLED, as Kafka does; the tool reads that answer itself.
        foreach (string[] resource in new[] { Array.Empty<string>(), ["--topic", "orders"], ["--transactional-id", "payments-tx"], ["--cluster"] })
        {
            foreach (string[] output in new[] { Array.Empty<string>(), ["--output", "json"] })
            {
                var run = await RunAsync(string.Empty, ["--list", .. resource, .. output]);

                Assert.True(run.Exit == 1, run.ToString());
                Assert.Empty(run.Out);
                Assert.Equal(NoAuthorizer, run.Error);
            }
        }
    }

    [Fact]
    public async Task Adding_producer_acls_prints_them_as_Kafka_then_says_the_broker_has_no_authorizer()
    {
        var run = await RunAsync(string.Empty, "--add", "--allow-principal", "User:alice", "--producer", "--topic", "orders");

        Assert.True(run.Exit == 1, run.ToString());
        Assert.Equal(
            "Adding ACLs for resource `ResourcePattern(resourceType=TOPIC, name=orders, patternType=LITERAL)`: \n"
            + " \t(principal=User:alice, host=*, operation=WRITE, permissionType=ALLOW)\n"
            + "\t(principal=User:alice, host=*, operation=DESCRIBE, permissionType=ALLOW)\n"
            + "\t(principal=User:alice, host=*, operation=CREATE, permissionType=ALLOW) \n\n",
            run.Out);
        Assert.Equal(NoAuthorizer, run.Error);
    }

    [Fact]
    public async Task Removing_asks_first_and_only_a_yes_reaches_the_broker()
    {
        const string Question = "Are you sure you want to delete all ACLs for resource filter `ResourcePattern(resourceType=GROUP, name=billing, patternType=PREFIXED)`? (y/n)\n";

        var declined = await RunAsync("n\n", "--remove", "--group", "billing", "--resource-pattern-type", "prefixed");
        Assert.True(declined.Exit == 0, declined.ToString());
        Assert.Equal(Question, declined.Out);

        var confirmed = await RunAsync("y\n", "--remove", "--group", "billing", "--resource-pattern-type", "prefixed");
        Assert.True(confirmed.Exit == 1, confirmed.ToString());
        Assert.Equal(Question, confirmed.Out);
        Assert.Equal(NoAuthorizer, confirmed.Error);

        var forced = await RunAsync(string.Empty, "--remove", "--deny-principal", "User:mallory", "--operation", "Read", "--topic", "orders", "--force");
        Assert.True(forced.Exit == 1, forced.ToString());
        Assert.Empty(forced.Out);
        Assert.Equal(NoAuthorizer, forced.Error);
    }

    [Fact]
    public async Task Invalid_arguments_exit_1_with_usage_before_reaching_the_broker()
    {
        var run = await RunAsync(string.Empty, "--add", "--allow-principal", "User:alice", "--producer");

        Assert.True(run.Exit == 1, run.ToString());
        Assert.Empty(run.Out);
        Assert.StartsWith("error: With --producer you must specify a --topic\n\nUsage:\n  kafkanet acls ", run.Error, StringComparison.Ordinal);
    }
}
