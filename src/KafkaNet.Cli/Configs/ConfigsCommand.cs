using Confluent.Kafka.Admin;
using KafkaNet.Cli.Admin;
using KafkaNet.Cli.Arguments;
using KafkaNet.Server.Configuration;
using static KafkaNet.Cli.Configs.ConfigEntityType;

namespace KafkaNet.Cli.Configs;

/// <summary>
/// `kafkanet configs`: describes and alters the configs of topics, brokers and broker loggers, as Kafka's kafka-configs
/// does (IncrementalAlterConfigs); clients and users (client quotas, SCRAM credentials) only where the broker serves them.
/// Exit codes: 0 done, 1 the cluster answered with an error or could not be reached, 1 also for invalid arguments.
/// </summary>
internal static class ConfigsCommand
{
    public const string Name = "configs";

    /// <param name="args">The arguments after "configs".</param>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var (arguments, exitCode) = await CommandArguments.ParseAsync(
            () => ConfigsArguments.Parse(args), a => a.Action == ConfigsAction.Help, Usage.Configs, stdout, stderr).ConfigureAwait(false);
        if (arguments is null)
        {
            return exitCode;
        }

        try
        {
            string output = IsQuotaEntity(arguments.EntityType)
                ? await QuotaEntitiesAsync(arguments, cancellationToken).ConfigureAwait(false)
                : await ExecuteAsync(arguments, cancellationToken).ConfigureAwait(false);
            if (output.Length > 0)
            {
                await stdout.WriteLineAsync(output).ConfigureAwait(false);
            }

            return ExitCode.Done;
        }
        catch (CommandFailedException e)
        {
            return await ExitCode.FailedAsync(stderr, e).ConfigureAwait(false);
        }
    }

    private static async Task<string> ExecuteAsync(ConfigsArguments arguments, CancellationToken cancellationToken)
    {
        await using var admin = new ConfigsAdmin(AdminClient.Properties(arguments.BootstrapServers, arguments.CommandConfig), arguments.BootstrapServers, cancellationToken);

        // A broker the cluster does not list would only time out: the request has nowhere to go.
        if (arguments.EntityType is BrokerType or BrokerLoggerType && arguments.EntityName is { Length: > 0 } broker
            && admin.BrokerIds() is var brokers && !brokers.Contains(broker))
        {
            throw new CommandFailedException($"Broker {broker} is not in the cluster (brokers {string.Join(",", brokers)}).");
        }

        if (arguments.Action == ConfigsAction.Describe)
        {
            var entities = new List<EntityConfigs>();
            foreach (string name in EntitiesToDescribe(admin, arguments))
            {
                var configs = await admin.DescribeAsync(arguments.EntityType, name).ConfigureAwait(false);
                var source = arguments.All ? null : DynamicSource(arguments.EntityType, name);
                entities.Add(new EntityConfigs(arguments.EntityType, name, [.. configs.Where(c => source is null || c.Source == source)]));
            }

            return ConfigsView.Describe(entities, arguments.All, arguments.Json);
        }

        string entity = arguments.EntityName!;
        var set = AddedConfigs(arguments);
        await CheckDeletedExistAsync(admin, arguments, entity, set).ConfigureAwait(false);
        await admin.AlterAsync(arguments.EntityType, entity, set, arguments.DeleteConfigs).ConfigureAwait(false);
        return ConfigsView.Altered(arguments.EntityType, entity, set, arguments.DeleteConfigs, arguments.Json);
    }

    /// <summary>
    /// Clients and users: client quotas and SCRAM credentials. The requests behind them are asked of the broker first;
    /// one that does not serve them gets UNSUPPORTED_VERSION naming what it lacks.
    /// </summary>
    private static async Task<string> QuotaEntitiesAsync(ConfigsArguments arguments, CancellationToken cancellationToken)
    {
        bool scram;
        try
        {
            scram = arguments.Action == ConfigsAction.Alter
                && QuotaConfigs.Check(arguments.EntityTypes, arguments.EntityNames, AddedConfigs(arguments), arguments.DeleteConfigs);
        }
        catch (UsageException e)
        {
            // The command line was checked when parsed: only the properties of --add-config-file can be wrong here.
            throw new CommandFailedException(e.Message, e);
        }

        if (scram)
        {
            return await ScramConfigs.AlterAsync(arguments, AddedConfigs(arguments), cancellationToken).ConfigureAwait(false);
        }

        short needed = arguments.Action == ConfigsAction.Describe ? QuotaSupport.DescribeClientQuotas : QuotaSupport.AlterClientQuotas;
        var security = ClientSecurity.Read(AdminClient.Properties(arguments.BootstrapServers, arguments.CommandConfig).ToDictionary());
        await using var connection = await BootstrapConnection.OpenAsync(arguments.BootstrapServers, cancellationToken, security).ConfigureAwait(false);
        QuotaSupport.Require(connection, needed);
        if (arguments.Action == ConfigsAction.Describe)
        {
            return await DescribeQuotaEntitiesAsync(connection, arguments, cancellationToken).ConfigureAwait(false);
        }

        var set = AddedConfigs(arguments);
        await ClientQuotaCommand.AlterAsync(connection, arguments, set, cancellationToken).ConfigureAwait(false);
        return ConfigsView.Altered(arguments.EntityType, arguments.EntityName!, set, arguments.DeleteConfigs, arguments.Json);
    }

    /// <summary>
    /// As kafka-configs: the quotas first, then for users their SCRAM credentials (not for defaults or user+client
    /// pairs); with --output json one document of both.
    /// </summary>
    private static async Task<string> DescribeQuotaEntitiesAsync(BootstrapConnection connection, ConfigsArguments arguments, CancellationToken cancellationToken)
    {
        var quotas = await ClientQuotaCommand.DescribeAsync(connection, arguments, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<UserCredentials>? credentials = null;
        if (arguments.EntityTypes is [UserType] && !arguments.EntityNames.Contains(string.Empty))
        {
            QuotaSupport.Require(connection, QuotaSupport.DescribeUserScramCredentials);
            credentials = await ScramConfigs.DescribeAsync(connection, arguments.EntityNames, cancellationToken).ConfigureAwait(false);
        }

        return arguments.Json
            ? ConfigsView.QuotasJson(quotas, credentials)
            : string.Join('\n', new[] { ClientQuotaCommand.Text(quotas), ScramConfigs.Text(credentials ?? []) }.Where(t => t.Length > 0));
    }

    /// <summary>The named entity, or all of its type: every topic, or every broker and the brokers' cluster-wide default.</summary>
    private static IReadOnlyList<string> EntitiesToDescribe(ConfigsAdmin admin, ConfigsArguments arguments) =>
        arguments.EntityName is { } name ? [name]
        : arguments.EntityType == TopicType ? admin.TopicNames()
        : [.. admin.BrokerIds(), string.Empty];

    /// <summary>The source of the configs set on the entity itself: what --describe shows without --all (null: all of them).</summary>
    private static string? DynamicSource(string entityType, string entityName) => entityType switch
    {
        TopicType => ConfigSourceNames.Name(ConfigSource.DynamicTopicConfig),
        BrokerType => ConfigSourceNames.Name(entityName.Length == 0 ? ConfigSource.DynamicDefaultBrokerConfig : ConfigSource.DynamicBrokerConfig),
        _ => null,
    };

    /// <summary>--add-config, or the properties of --add-config-file.</summary>
    private static IReadOnlyList<KeyValuePair<string, string>> AddedConfigs(ConfigsArguments arguments)
    {
        if (arguments.AddConfigFile is not { } path)
        {
            return arguments.AddConfigs;
        }

        try
        {
            var configs = CommandConfigFile.Load(path).OrderBy(c => c.Key, StringComparer.Ordinal).ToList();
            foreach (var (key, _) in configs)
            {
                ConfigPairs.CheckKey(key);
            }

            return configs;
        }
        catch (ConfigException e)
        {
            throw new CommandFailedException(e.Message, e);
        }
        catch (UsageException e)
        {
            throw new CommandFailedException(e.Message, e);
        }
    }

    /// <summary>Kafka's tool refuses to delete a config the entity does not have set (for broker loggers: a logger that does not exist).</summary>
    private static async Task CheckDeletedExistAsync(ConfigsAdmin admin, ConfigsArguments arguments, string entity, IReadOnlyList<KeyValuePair<string, string>> set)
    {
        var source = DynamicSource(arguments.EntityType, entity);
        var existing = (await admin.DescribeAsync(arguments.EntityType, entity).ConfigureAwait(false))
            .Where(c => source is null || c.Source == source).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        if (arguments.EntityType == BrokerLoggerType)
        {
            var unknown = arguments.DeleteConfigs.Concat(set.Select(c => c.Key)).Where(n => !existing.Contains(n)).ToList();
            if (unknown.Count > 0)
            {
                throw new CommandFailedException($"INVALID_CONFIG: Invalid broker logger(s): {string.Join(',', unknown)}");
            }

            return;
        }

        var missing = arguments.DeleteConfigs.Where(n => !existing.Contains(n)).ToList();
        if (missing.Count > 0)
        {
            throw new CommandFailedException($"INVALID_CONFIG: Invalid config(s): {string.Join(',', missing)}");
        }
    }
}
