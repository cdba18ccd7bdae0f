using KafkaNet.Embedded;

namespace KafkaNet.Cli.Tests.Acls;

/// <summary>
/// `kafkanet acls` end to end against one KafkaNet node with the ACL authorizer on (its PLAINTEXT clients super
/// users): ACLs are added, listed and removed for real. Each test names resources of its own.
/// </summary>
public sealed class AclsAuthorizerCommandTests : IAsyncLifetime
{
    private EmbeddedKafka _kafka = null!;

    public async Task InitializeAsync()
    {
        var options = new EmbeddedKafkaOptions { AclAuthorizer = true };
        options.SuperUsers.Add("User:ANONYMOUS");
        _kafka = await EmbeddedKafka.StartAsync(options);
    }

    public async Task DisposeAsync() => await _kafka.DisposeAsync();

    private async Task<string> SucceedsAsync(string stdin, params string[] args)
    {
        var run = await AclsRun.RunAsync(stdin, ["--bootstrap-server", _kafka.BootstrapServers, .. args]);
        Assert.True(run.Exit == 0, run.ToString());
        Assert.Empty(run.Error);
        return run.Out;
    }

    [Fact]
    public async Task Producer_acls_are_added_listed_and_removed()
    {
        await SucceedsAsync(string.Empty, "--add", "--allow-principal", "User:alice", "--producer", "--topic", "orders");

        Assert.Equal(
            "Current ACLs for resource `ResourcePattern(resourceType=TOPIC, name=orders, patternType=LITERAL)`: \n"
            + " \t(principal=User:alice, host=*, operation=WRITE, permissionType=ALLOW)\n"
            + "\t(principal=User:alice, host=*, operation=CREATE, permissionType=ALLOW)\n"
            + "\t(principal=User:alice, host=*, operation=DESCRIBE, permissionType=ALLOW) \n\n",
            await SucceedsAsync(string.Empty, "--list", "--topic", "orders"));

        Assert.Equal(string.Empty, await SucceedsAsync(string.Empty, "--remove", "--allow-principal", "User:alice", "--operation", "Create", "--topic", "orders", "--force"));
        Assert.Equal(
            "Current ACLs for resource `ResourcePattern(resourceType=TOPIC, name=orders, patternType=LITERAL)`: \n"
            + " \t(principal=User:alice, host=*, operation=WRITE, permissionType=ALLOW)\n"
            + "\t(principal=User:alice, host=*, operation=DESCRIBE, permissionType=ALLOW) \n\n",
            await SucceedsAsync(string.Empty, "--list", "--topic", "orders"));

        await SucceedsAsync("y\n", "--remove", "--topic", "orders");
        Assert.Equal(string.Empty, await SucceedsAsync(string.Empty, "--list", "--topic", "orders"));
    }

    [Fact]
    public async Task Prefixed_deny_and_consumer_acls_are_listed_by_principal()
    {
        await SucceedsAsync(string.Empty, "--add", "--deny-principal", "User:mallory", "--deny-host", "10.0.0.9", "--operation", "Read",
            "--topic", "billing-", "--resource-pattern-type", "prefixed");
        await SucceedsAsync(string.Empty, "--add", "--allow-principal", "User:bob", "--consumer", "--topic", "billing-", "--group", "billing-app",
            "--resource-pattern-type", "prefixed");

        Assert.Equal(
            "ACLs for principal `User:mallory`\n"
            + "Current ACLs for resource `ResourcePattern(resourceType=TOPIC, name=billing-, patternType=PREFIXED)`: \n"
            + " \t(principal=User:mallory, host=10.0.0.9, operation=READ, permissionType=DENY) \n\n",
            await SucceedsAsync(string.Empty, "--list", "--principal", "User:mallory"));
        Assert.Equal(
            "Current ACLs for resource `ResourcePattern(resourceType=GROUP, name=billing-app, patternType=PREFIXED)`: \n"
            + " \t(principal=User:bob, host=*, operation=READ, permissionType=ALLOW) \n\n",
            await SucceedsAsync(string.Empty, "--list", "--group", "billing-app-1", "--resource-pattern-type", "match"));
    }

    [Fact]
    public async Task Json_output_holds_the_acls_created_listed_and_removed()
    {
        Assert.Equal(
            Document("created", Acl("READ"), Acl("WRITE")),
            await SucceedsAsync(string.Empty, "--add", "--allow-principal", "User:carol", "--operation", "Read", "--operation", "Write", "--topic", "invoices",
                "--output", "json"));
        Assert.Equal(Document("acls", Acl("READ"), Acl("WRITE")), await SucceedsAsync(string.Empty, "--list", "--topic", "invoices", "--output", "json"));
        Assert.Equal(Document("acls", Acl("READ"), Acl("WRITE")), await SucceedsAsync(string.Empty, "--list", "--principal", "User:carol", "--output", "json"));

        Assert.Equal(
            Document("removed", Acl("WRITE")),
            await SucceedsAsync(string.Empty, "--remove", "--allow-principal", "User:carol", "--operation", "Write", "--topic", "invoices", "--force", "--output", "json"));

        // Without --force the question goes to stderr, leaving stdout one document.
        var confirmed = await AclsRun.RunAsync("y\n", "--bootstrap-server", _kafka.BootstrapServers, "--remove", "--topic", "invoices", "--output", "json");
        Assert.True(confirmed.Exit == 0, confirmed.ToString());
        Assert.Equal(Document("removed", Acl("READ")), confirmed.Out);
        Assert.Equal(
            "Are you sure you want to delete all ACLs for resource filter `ResourcePattern(resourceType=TOPIC, name=invoices, patternType=LITERAL)`? (y/n)\n",
            confirmed.Error);
        Assert.Equal("{\n  \"acls\": []\n}\n", await SucceedsAsync(string.Empty, "--list", "--topic", "invoices", "--output", "json"));
    }

    /// <summary>{"KEY": [ACL, ...]} as the tool indents it, with its final newline.</summary>
    private static string Document(string key, params string[] acls) =>
        $"{{\n  \"{key}\": [\n{string.Join(",\n", acls)}\n  ]\n}}\n";

    /// <summary>One of User:carol's ACLs on the literal topic "invoices", allowed from any host.</summary>
    private static string Acl(string operation) =>
        $$"""
            {
              "resourceType": "TOPIC",
              "resourceName": "invoices",
              "patternType": "LITERAL",
              "principal": "User:carol",
              "host": "*",
              "operation": "{{operation}}",
              "permissionType": "ALLOW"
            }
        """;
}
