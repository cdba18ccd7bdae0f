using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KafkaNet.Cli.Admin;
using KafkaNet.Cli.Arguments;

namespace KafkaNet.Cli.Configs;

/// <summary>
/// The config requests behind `kafkanet configs` for topics, brokers and broker loggers, with every refusal turned into
/// Kafka's error name: through Confluent.Kafka's admin client, except for what it cannot express (see <see cref="DirectConfigs"/>).
/// </summary>
internal sealed class ConfigsAdmin : IAsyncDisposable
{
    // Kafka's resource type numbers.
    private const sbyte BrokerResource = 4;

    private readonly IAdminClient _admin;
    private readonly string _bootstrapServers;
    private readonly Cluster.Network.NodeClientSecurity? _security;
    private readonly CancellationToken _cancellation;
    private BootstrapConnection? _connection;

    public ConfigsAdmin(IEnumerable<KeyValuePair<string, string>> properties, string bootstrapServers, CancellationToken cancellation)
    {
        var settings = properties.ToDictionary();
        _security = ClientSecurity.Read(settings);
        _admin = AdminClient.Build(settings);
        _bootstrapServers = bootstrapServers;
        _cancellation = cancellation;
    }

    public async ValueTask DisposeAsync()
    {
        _admin.Dispose();
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Every topic the cluster knows, internal ones included, sorted by name.</summary>
    public IReadOnlyList<string> TopicNames() =>
        [.. Metadata().Topics.Where(t => !t.Error.IsError).Select(t => t.Topic).Order(StringComparer.Ordinal)];

    /// <summary>The ids of the brokers the cluster knows, ascending.</summary>
    public IReadOnlyList<string> BrokerIds() =>
        [.. Metadata().Brokers.Select(b => b.BrokerId).Order().Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>The entity's configs, sorted by name, with their synonyms.</summary>
    public async Task<IReadOnlyList<ConfigReport>> DescribeAsync(string entityType, string entityName)
    {
        if (Direct(entityType, entityName) is { } resourceType)
        {
            var connection = await ConnectionAsync().ConfigureAwait(false);
            return await DirectConfigs.DescribeAsync(connection, resourceType, entityName, Subject(entityType, entityName), _cancellation).ConfigureAwait(false);
        }

        try
        {
            var results = await _admin.DescribeConfigsAsync([Resource(entityType, entityName)], new DescribeConfigsOptions { RequestTimeout = AdminClient.Timeout })
                .ConfigureAwait(false);
            return [.. results[0].Entries.Values.OrderBy(e => e.Name, StringComparer.Ordinal).Select(Report)];
        }
        catch (DescribeConfigsException e)
        {
            throw AdminClient.Refused(e.Results.Select(r => r.Error).FirstOrDefault(r => r.IsError, e.Error), Subject(entityType, entityName));
        }
        catch (KafkaException e)
        {
            throw AdminClient.Refused(e.Error, Subject(entityType, entityName));
        }
    }

    /// <summary>Sets and deletes configs of the entity in one IncrementalAlterConfigs request.</summary>
    public async Task AlterAsync(string entityType, string entityName, IReadOnlyList<KeyValuePair<string, string>> set, IReadOnlyList<string> delete)
    {
        if (Direct(entityType, entityName) is { } resourceType)
        {
            var connection = await ConnectionAsync().ConfigureAwait(false);
            await DirectConfigs.AlterAsync(connection, resourceType, entityName, set, delete, Subject(entityType, entityName), _cancellation).ConfigureAwait(false);
            return;
        }

        var changes = set.Select(c => new ConfigEntry { Name = c.Key, Value = c.Value, IncrementalOperation = AlterConfigOpType.Set })
            .Concat(delete.Select(name => new ConfigEntry { Name = name, Value = string.Empty, IncrementalOperation = AlterConfigOpType.Delete }))
            .ToList();
        try
        {
            await _admin.IncrementalAlterConfigsAsync(new Dictionary<ConfigResource, List<ConfigEntry>> { [Resource(entityType, entityName)] = changes },
                new IncrementalAlterConfigsOptions { RequestTimeout = AdminClient.Timeout }).ConfigureAwait(false);
        }
        catch (IncrementalAlterConfigsException e)
        {
            throw AdminClient.Refused(e.Results.Select(r => r.Error).FirstOrDefault(r => r.IsError, e.Error), Subject(entityType, entityName));
        }
        catch (KafkaException e)
        {
            throw AdminClient.Refused(e.Error, Subject(entityType, entityName));
        }
    }

    /// <summary>The resource type to send on our own connection, or null for the admin client.</summary>
    private static sbyte? Direct(string entityType, string entityName) => entityType switch
    {
        ConfigEntityType.BrokerLoggerType => DirectConfigs.BrokerLoggerResource,
        ConfigEntityType.BrokerType when entityName.Length == 0 => BrokerResource,
        _ => null,
    };

    private async Task<BootstrapConnection> ConnectionAsync() =>
        _connection ??= await BootstrapConnection.OpenAsync(_bootstrapServers, _cancellation, _security).ConfigureAwait(false);

    private Metadata Metadata()
    {
        try
        {
            return _admin.GetMetadata(AdminClient.Timeout);
        }
        catch (KafkaException e)
        {
            throw AdminClient.Refused(e.Error, "cluster metadata");
        }
    }

    private static ConfigResource Resource(string entityType, string entityName) => new()
    {
        Type = entityType == ConfigEntityType.TopicType ? ResourceType.Topic : ResourceType.Broker,
        Name = entityName,
    };

    private static string Subject(string entityType, string entityName) =>
        entityName.Length == 0 ? $"default {entityType}" : $"{ConfigEntityType.Singular(entityType)} {entityName}";

    private static ConfigReport Report(ConfigEntryResult entry) => new(
        entry.Name,
        entry.Value,
        ConfigSourceNames.Name(entry.Source),
        entry.IsSensitive,
        entry.IsReadOnly,
        [.. (entry.Synonyms ?? []).Select(s => new ConfigSynonymReport(s.Name, s.Value, ConfigSourceNames.Name(s.Source)))]);
}
