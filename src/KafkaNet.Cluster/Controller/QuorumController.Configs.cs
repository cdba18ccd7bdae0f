using System.Collections.Immutable;
using System.Globalization;
using KafkaNet.Broker.Configs;
using KafkaNet.Broker.Metadata;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.Protocol.Metadata;

namespace KafkaNet.Cluster.Controller;

// IncrementalAlterConfigs and AlterConfigs for topic and broker resources, as ConfigRecords.
public sealed partial class QuorumController
{
    private const sbyte SetOp = 0;
    private const sbyte DeleteOp = 1;
    private const sbyte AppendOp = 2;
    private const sbyte SubtractOp = 3;

    /// <summary>IncrementalAlterConfigs: SET, DELETE, APPEND and SUBTRACT per config; each resource applied whole or not at all.</summary>
    public Task<IncrementalAlterConfigsResponse> IncrementalAlterConfigsAsync(IncrementalAlterConfigsRequest request, short version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var resources = request.Resources.Select(r => new ConfigResourceChange(r.ResourceType, r.ResourceName,
            [.. r.Configs.Select(c => new ConfigChange(c.Name, c.ConfigOperation, c.Value))])).ToList();
        return AlterAsync(resources, request.ValidateOnly, (code, message, type, name) =>
            new IncrementalAlterConfigsResponse.AlterConfigsResourceResponse { ErrorCode = (short)code, ErrorMessage = message, ResourceType = type, ResourceName = name },
            results => { var r = new IncrementalAlterConfigsResponse(); r.Responses.AddRange(results); return r; }, cancellationToken);
    }

    /// <summary>AlterConfigs: replaces all of a resource's configs with the ones given.</summary>
    public Task<AlterConfigsResponse> AlterConfigsAsync(AlterConfigsRequest request, short version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        // A replacement is a DELETE of everything followed by a SET of what is given.
        var resources = request.Resources.Select(r => new ConfigResourceChange(r.ResourceType, r.ResourceName,
            [new ConfigChange(null, -1, null), .. r.Configs.Select(c => new ConfigChange(c.Name, c.Value == null ? DeleteOp : SetOp, c.Value))])).ToList();
        return AlterAsync(resources, request.ValidateOnly, (code, message, type, name) =>
            new AlterConfigsResponse.AlterConfigsResourceResponse { ErrorCode = (short)code, ErrorMessage = message, ResourceType = type, ResourceName = name },
            results => { var r = new AlterConfigsResponse(); r.Responses.AddRange(results); return r; }, cancellationToken);
    }

    private Task<TResponse> AlterAsync<TResponse, TResult>(
        List<ConfigResourceChange> resources,
        bool validateOnly,
        Func<ErrorCode, string?, sbyte, string, TResult> result,
        Func<IEnumerable<TResult>, TResponse> response,
        CancellationToken cancellationToken) =>
        RunAsync(image =>
        {
            var records = new List<MetadataRecord>();
            var results = new List<TResult>();
            var duplicates = resources.GroupBy(r => (r.Type, r.Name)).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
            foreach (var (type, name, configs) in resources)
            {
                var changes = new List<MetadataRecord>();
                var error = duplicates.Contains((type, name))
                    ? new ApiError(ErrorCode.InvalidRequest, "Duplicate resource in request.")
                    : AlterResource(image, type, name, configs, changes);
                if (!error.IsError && !validateOnly)
                {
                    records.AddRange(changes);
                }
                results.Add(result(error.Code, error.Message, type, name));
            }
            return new Plan<TResponse>(records, _ => response(results));
        }, (code, message) => response(resources.Select(r => result(code, message, r.Type, r.Name))), cancellationToken);

    private ApiError AlterResource(MetadataImage image, sbyte type, string name, List<ConfigChange> configs, List<MetadataRecord> records)
    {
        var resource = new ConfigResourceKey(type, name);
        switch (type)
        {
            case ConfigResourceKey.TopicType:
                var nameError = TopicNames.Validate(name);
                if (nameError.IsError)
                {
                    return nameError;
                }
                if (!image.TopicsByName.ContainsKey(name))
                {
                    return new ApiError(ErrorCode.UnknownTopicOrPartition, $"Topic '{name}' does not exist.");
                }
                break;
            case ConfigResourceKey.BrokerType:
                if (name.Length == 0)
                {
                    break;
                }
                if (!int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out int brokerId))
                {
                    return new ApiError(ErrorCode.InvalidRequest, $"Invalid broker name {name}");
                }
                if (!image.Brokers.ContainsKey(brokerId))
                {
                    return new ApiError(ErrorCode.BrokerIdNotRegistered, $"No node with id {name} found.");
                }
                break;
            default:
                return new ApiError(ErrorCode.InvalidRequest, $"Unsupported resource type {type}");
        }
        var current = image.ConfigsOf(resource);
        var updated = current.ToBuilder();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var brokerChanges = new List<KeyValuePair<string, string?>>();
        foreach (var (key, op, value) in configs)
        {
            if (key == null)
            {
                updated.Clear();
                continue;
            }
            if (!seen.Add(key))
            {
                return ApiError.InvalidConfig($"Error due to duplicate config keys: {key}");
            }
            var error = type == ConfigResourceKey.TopicType ? ApplyTopicConfig(updated, key, op, value)
                : key.Length == 0 ? ApiError.InvalidConfig("Config names must not be empty.")
                : op is SetOp or DeleteOp ? ApplySimple(updated, key, op, value)
                : new ApiError(ErrorCode.InvalidRequest, $"Config operation {op} is not supported for broker config {key}");
            if (error.IsError)
            {
                return error;
            }
            if (type == ConfigResourceKey.BrokerType)
            {
                brokerChanges.Add(new(key, op == DeleteOp ? null : value));
            }
        }
        if (type == ConfigResourceKey.BrokerType)
        {
            var invalid = BrokerConfigCatalog.ValidateDynamic(brokerChanges, perBroker: name.Length > 0);
            if (invalid.IsError)
            {
                return invalid;
            }
        }
        foreach (var (key, value) in updated.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            if (!current.TryGetValue(key, out var old) || old != value)
            {
                records.Add(MetadataRecord.Latest(new ConfigRecord { ResourceType = type, ResourceName = name, Name = key, Value = value }));
            }
        }
        foreach (var key in current.Keys.Where(k => !updated.ContainsKey(k)).Order(StringComparer.Ordinal))
        {
            records.Add(MetadataRecord.Latest(new ConfigRecord { ResourceType = type, ResourceName = name, Name = key, Value = null }));
        }
        return ApiError.None;
    }

    private static ApiError ApplySimple(ImmutableDictionary<string, string>.Builder configs, string key, sbyte op, string? value)
    {
        if (op == DeleteOp || value == null)
        {
            configs.Remove(key);
        }
        else
        {
            configs[key] = value;
        }
        return ApiError.None;
    }

    private ApiError ApplyTopicConfig(ImmutableDictionary<string, string>.Builder configs, string key, sbyte op, string? value)
    {
        var definition = TopicConfigs.Find(key);
        if (definition is null)
        {
            return ApiError.InvalidConfig($"Unknown topic config name: {key}");
        }
        switch (op)
        {
            case SetOp:
                var error = TopicConfigs.Validate(key, value);
                if (!error.IsError)
                {
                    configs[key] = value!.Trim();
                }
                return error;
            case DeleteOp:
                configs.Remove(key);
                return ApiError.None;
            case AppendOp or SubtractOp:
                if (!definition.IsList)
                {
                    return ApiError.InvalidConfig($"Config value {(op == AppendOp ? "append" : "subtract")} is not allowed for config key: {key}");
                }
                if (value is null)
                {
                    return ApiError.InvalidConfig($"Null value not supported for topic configs: {key}");
                }
                var items = ConfigValidators.SplitList(configs.TryGetValue(key, out var own) ? own : _configResolver.DefaultFor(definition).Value).ToList();
                foreach (string item in ConfigValidators.SplitList(value))
                {
                    if (op == AppendOp && !items.Contains(item))
                    {
                        items.Add(item);
                    }
                    else if (op == SubtractOp)
                    {
                        items.Remove(item);
                    }
                }
                configs[key] = string.Join(",", items);
                return TopicConfigs.Validate(key, configs[key]);
            default:
                return new ApiError(ErrorCode.InvalidRequest, $"Unknown config operation {op} for {key}");
        }
    }

    // A config change of a request; a null name clears every config first (AlterConfigs).
    private readonly record struct ConfigChange(string? Name, sbyte Op, string? Value);

    private readonly record struct ConfigResourceChange(sbyte Type, string Name, List<ConfigChange> Configs);
}
