using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KafkaNet.Cli.Admin;
using KafkaNet.Cli.Arguments;

namespace KafkaNet.Cli.Configs;

/// <summary>The admin requests behind `kafkanet configs` for topics, brokers and broker loggers, with every refusal turned into Kafka's error name.</summary>
internal sealed class ConfigsAdmin : IDisposable
{
    // Kafka's BROKER_LOGGER resource type; Confluent.Kafka has no name for it.
    private const ResourceType BrokerLoggerResource = (ResourceType)8;

    private readonly IAdminClient _admin;

    public ConfigsAdmin(IEnumerable<KeyValuePair<string, string>> properties)
    {
        _admin = AdminClient.Build(properties);
    }

    public void Dispose() => _admin.Dispose();

    /// <summary>Every topic the cluster knows, internal ones included, sorted by name.</summary>
    public IReadOnlyList<string> TopicNames() =>
        [.. Metadata().Topics.Where(t => !t.Error.IsError).Select(t => t.Topic).Order(StringComparer.Ordinal)];

    /// <summary>The ids of the brokers the cluster knows, ascending.</summary>
    public IReadOnlyList<string> BrokerIds() =>
        [.. Metadata().Brokers.Select(b => b.BrokerId).Order().Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>The entity's configs, sorted by name, with their synonyms.</summary>
    public async Task<IReadOnlyList<ConfigEntryResult>> DescribeAsync(string entityType, string entityName)
    {
        var resource = Resource(entityType, entityName);
        try
        {
            var results = await _admin.DescribeConfigsAsync([resource], new DescribeConfigsOptions { RequestTimeout = AdminClient.Timeout }).ConfigureAwait(false);
            return [.. results[0].Entries.Values.OrderBy(e => e.Name, StringComparer.Ordinal)];
        }
        catch (DescribeConfigsException e)
        {
            throw AdminClient.Refused(e.Results.Select(r => r.Error).FirstOrDefault(r => r.IsError, e.Error), Subject(entityType, entityName));
        }
        catch (KafkaException e)
        {
            throw AdminClient.Refused(e.Error, Subject(entityType, entityName));
        }
        catch (ArgumentException e)
        {
            throw new CommandFailedException(e.Message, e);
        }
    }

    /// <summary>Sets and deletes configs of the entity in one IncrementalAlterConfigs request.</summary>
    public async Task AlterAsync(string entityType, string entityName, IReadOnlyList<KeyValuePair<string, string>> set, IReadOnlyList<string> delete)
    {
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
        Type = entityType switch
        {
            ConfigEntityType.TopicType => ResourceType.Topic,
            ConfigEntityType.BrokerType => ResourceType.Broker,
            _ => BrokerLoggerResource,
        },
        Name = entityName,
    };

    private static string Subject(string entityType, string entityName) =>
        entityName.Length == 0 ? $"default {entityType}" : $"{ConfigEntityType.Singular(entityType)} {entityName}";
}
