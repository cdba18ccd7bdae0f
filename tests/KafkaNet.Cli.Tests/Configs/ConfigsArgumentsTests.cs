using KafkaNet.Cli.Arguments;
using KafkaNet.Cli.Configs;

namespace KafkaNet.Cli.Tests.Configs;

public sealed class ConfigsArgumentsTests
{
    private const string Bootstrap = "127.0.0.1:9092";

    private static ConfigsArguments Parse(params string[] args) => ConfigsArguments.Parse(["--bootstrap-server", Bootstrap, .. args]);

    private static void Refused(string message, params string[] args) =>
        Assert.Equal(message, Assert.Throws<UsageException>(() => Parse(args)).Message);

    [Fact]
    public void Entity_type_and_name_or_the_topic_shortcut_name_the_same_entity()
    {
        var longForm = Parse("--entity-type", "topics", "--entity-name", "orders", "--describe");
        var shortcut = Parse("--topic", "orders", "--describe", "--all", "--output", "json", "--command-config", "admin.properties");

        Assert.Equal(ConfigsAction.Describe, longForm.Action);
        Assert.Equal(["topics"], longForm.EntityTypes);
        Assert.Equal(["orders"], longForm.EntityNames);
        Assert.False(longForm.All);
        Assert.Equal(["topics"], shortcut.EntityTypes);
        Assert.Equal("orders", shortcut.EntityName);
        Assert.True(shortcut.All);
        Assert.True(shortcut.Json);
        Assert.Equal("admin.properties", shortcut.CommandConfig);
    }

    [Fact]
    public void Broker_shortcuts_and_entity_default_name_a_broker_or_the_cluster_default()
    {
        Assert.Equal("1", Parse("--broker", "1", "--describe").EntityName);
        Assert.Equal(string.Empty, Parse("--broker-defaults", "--describe").EntityName);
        var byDefault = Parse("--entity-type", "brokers", "--entity-default", "--alter", "--add-config", "log.retention.ms=1000");
        Assert.Equal(["brokers"], byDefault.EntityTypes);
        Assert.Equal([string.Empty], byDefault.EntityNames);
        Assert.Null(Parse("--entity-type", "brokers", "--describe").EntityName);
    }

    [Fact]
    public void Add_config_splits_at_commas_outside_brackets_and_delete_config_at_every_comma()
    {
        var parsed = Parse("--topic", "orders", "--alter", "--add-config", "retention.ms=1000, cleanup.policy=[compact,delete],compression.type=",
            "--delete-config", "segment.ms, segment.bytes", "--delete-config", "flush.ms");

        Assert.Equal(ConfigsAction.Alter, parsed.Action);
        Assert.Equal([new("retention.ms", "1000"), new("cleanup.policy", "compact,delete"), new("compression.type", string.Empty)], parsed.AddConfigs);
        Assert.Equal(["segment.ms", "segment.bytes", "flush.ms"], parsed.DeleteConfigs);
    }

    [Fact]
    public void Clients_and_users_quotas_are_parsed_as_Kafka_parses_them()
    {
        var clients = Parse("--entity-type", "clients", "--entity-name", "billing", "--alter", "--add-config", "producer_byte_rate=1024,consumer_byte_rate=2048");
        Assert.Equal(["clients"], clients.EntityTypes);
        Assert.Equal(["billing"], clients.EntityNames);
        Assert.Equal([new("producer_byte_rate", "1024"), new("consumer_byte_rate", "2048")], clients.AddConfigs);

        var userAndClient = Parse("--entity-type", "users", "--entity-name", "alice", "--entity-type", "clients", "--entity-default",
            "--alter", "--delete-config", "request_percentage");
        Assert.Equal(["users", "clients"], userAndClient.EntityTypes);
        Assert.Equal(["alice", string.Empty], userAndClient.EntityNames);

        var scram = Parse("--user", "alice", "--alter", "--add-config", "SCRAM-SHA-512=[iterations=8192,password=secret]");
        Assert.Equal([new("SCRAM-SHA-512", "iterations=8192,password=secret")], scram.AddConfigs);
        Assert.Equal(["clients"], Parse("--client-defaults", "--describe").EntityTypes);
    }

    [Fact]
    public void Invalid_combinations_are_refused_with_Kafka_messages()
    {
        Refused("Command must include exactly one action: --describe, --alter", "--topic", "orders");
        Refused("Command must include exactly one action: --describe, --alter", "--topic", "orders", "--describe", "--alter");
        Refused("At least one entity type must be specified", "--describe");
        Refused("Invalid entity type ips, the entity type must be one of topics, clients, users, brokers, broker-loggers", "--entity-type", "ips", "--describe");
        Refused("Only 'users' and 'clients' entity types may be specified together", "--entity-type", "topics", "--entity-type", "brokers", "--describe");
        Refused("--entity-{type,name,default} should not be used in conjunction with specific entity flags", "--entity-type", "topics", "--topic", "orders", "--describe");
        Refused("The entity name for brokers must be a valid integer broker id, but it is: one", "--broker", "one", "--describe");
        Refused("--entity-default must not be specified with --describe of topics", "--entity-type", "topics", "--entity-default", "--describe");
        Refused("An entity name must be specified with --describe of broker-loggers", "--entity-type", "broker-loggers", "--describe");
        Refused("Option \"--add-config\" can't be used with --describe.", "--topic", "orders", "--describe", "--add-config", "a=b");
        Refused("An entity name must be specified with --alter of topics", "--entity-type", "topics", "--alter", "--add-config", "retention.ms=1");
        Refused("At least one of --add-config, --add-config-file, or --delete-config must be specified with --alter", "--topic", "orders", "--alter");
        Refused("Only one of --add-config or --add-config-file must be specified", "--topic", "orders", "--alter", "--add-config", "a=b", "--add-config-file", "f");
        Refused("Invalid entity config: all configs to be added must be in the format \"key=val\".", "--topic", "orders", "--alter", "--add-config", "retention.ms");
        Refused("Invalid character found for config key: bad key", "--topic", "orders", "--alter", "--add-config", "bad key=1");
        Refused("Unknown option '--unknown' for configs.", "--topic", "orders", "--describe", "--unknown");
        Assert.Equal("--bootstrap-server is required.", Assert.Throws<UsageException>(() => ConfigsArguments.Parse(["--topic", "orders", "--describe"])).Message);
    }

    [Fact]
    public void Quota_configs_are_checked_as_Kafka_checks_them()
    {
        Refused("Only quota configs can be added for 'clients' using --bootstrap-server. Unexpected config names: retention.ms",
            "--client", "billing", "--alter", "--add-config", "retention.ms=1");
        Refused("Only quota and SCRAM credential configs can be deleted for 'users' using --bootstrap-server. Unexpected config names: retention.ms",
            "--user", "alice", "--alter", "--delete-config", "retention.ms");
        Refused("Cannot parse quota configuration value for producer_byte_rate: fast", "--client", "billing", "--alter", "--add-config", "producer_byte_rate=fast");
        Refused("Cannot alter both quota and SCRAM credential configs simultaneously for 'users' using --bootstrap-server.",
            "--user", "alice", "--alter", "--add-config", "producer_byte_rate=1,SCRAM-SHA-256=[password=x]");
        Refused("The use of --entity-default or --user-defaults is not allowed with User SCRAM Credentials using --bootstrap-server.",
            "--user-defaults", "--alter", "--add-config", "SCRAM-SHA-256=[password=x]");
        Refused("An entity-name or default entity must be specified with --alter of users, clients, brokers or ips",
            "--entity-type", "clients", "--alter", "--add-config", "producer_byte_rate=1");
    }

    [Fact]
    public async Task Invalid_arguments_exit_1_with_usage_and_help_exits_0()
    {
        var refused = await ConfigsRun.RunAsync("--bootstrap-server", Bootstrap, "--describe");
        Assert.Equal(1, refused.Exit);
        Assert.StartsWith("error: At least one entity type must be specified\n\nUsage:\n  kafkanet configs", refused.Error, StringComparison.Ordinal);

        var help = await ConfigsRun.RunAsync("--help");
        Assert.Equal(0, help.Exit);
        Assert.Equal(Usage.Configs + "\n", help.Out);
    }
}
