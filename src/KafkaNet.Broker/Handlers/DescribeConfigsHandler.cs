// DescribeConfigs (key 32), versions 0-4.
// Topic resources (type 2) list every topic config with its effective value and source
// (TOPIC_CONFIG for an override, then the broker-level default: DYNAMIC_BROKER_CONFIG,
// DYNAMIC_DEFAULT_BROKER_CONFIG or STATIC_BROKER_CONFIG, else DEFAULT_CONFIG). Broker resources
// (type 4) named with this node id list every broker config of the catalog with its value,
// source, read-only flag (false for the configs Kafka changes at runtime) and synonyms in Kafka's
// order (dynamic per-broker, dynamic default, static, default); an empty name is the cluster-wide
// dynamic default and lists the defaults set. Passwords are sensitive and sent with a null value.
// configuration_keys null means all, otherwise only the named keys that exist. Types and
// documentation are sent from v3. v0 has no include_synonyms and answers is_default instead of
// config_source: true exactly when the source is DEFAULT_CONFIG, the mapping Kafka clients invert
// when they read a v0 response.
// Group resources (type 32) list every group config (share.*) with the group's value (source GROUP_CONFIG) or
// the broker's default (DEFAULT_CONFIG), for any group name.
// Deviation: topic configs carry no documentation; broker logger and client metrics resources are not supported
// (INVALID_REQUEST).
// Authorization: DESCRIBE_CONFIGS on the topic, the cluster (broker resources) or the group, else that resource's
// authorization error.
using KafkaNet.Broker.Security.Authorization;
using System.Globalization;
using KafkaNet.Broker.Configs;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using Result = KafkaNet.Protocol.Messages.DescribeConfigsResponse.DescribeConfigsResult;

namespace KafkaNet.Broker.Handlers;

public sealed class DescribeConfigsHandler : ApiHandler<DescribeConfigsRequest, DescribeConfigsResponse>
{
    public override short ApiKey => DescribeConfigsRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 4;

    protected override ValueTask<DescribeConfigsResponse?> HandleAsync(RequestContext context, DescribeConfigsRequest request, CancellationToken cancellationToken)
    {
        var response = new DescribeConfigsResponse();
        foreach (var resource in request.Resources)
        {
            var result = new Result { ResourceType = resource.ResourceType, ResourceName = resource.ResourceName, ErrorMessage = null };
            var denied = ConfigAccess.Check(context, AclOperation.DescribeConfigs, resource.ResourceType, resource.ResourceName);
            var (error, entries) = denied != ErrorCode.None ? (new ApiError(denied, null), []) : Lookup(context.Broker, resource);
            bool documented = context.ApiVersion >= 3;
            if (error.IsError)
            {
                result.ErrorCode = (short)error.Code;
                result.ErrorMessage = error.Message;
            }
            else
            {
                var wanted = resource.ConfigurationKeys?.ToHashSet(StringComparer.Ordinal);
                foreach (var entry in entries)
                {
                    if (wanted is null || wanted.Contains(entry.Name))
                    {
                        result.Configs.Add(ToWire(entry, request.IncludeSynonyms, documented));
                    }
                }
            }
            response.Results.Add(result);
        }
        return ValueTask.FromResult<DescribeConfigsResponse?>(response);
    }

    private static (ApiError Error, IEnumerable<ConfigEntry> Entries) Lookup(KafkaBroker broker, DescribeConfigsRequest.DescribeConfigsResource resource)
    {
        switch ((ConfigResourceType)resource.ResourceType)
        {
            case ConfigResourceType.Topic:
                var nameError = TopicNames.Validate(resource.ResourceName);
                if (nameError.IsError)
                {
                    return (nameError, []);
                }
                var topic = broker.Topics.Find(resource.ResourceName);
                return topic is null
                    ? (new ApiError(ErrorCode.UnknownTopicOrPartition, $"Topic '{resource.ResourceName}' does not exist."), [])
                    : (ApiError.None, broker.TopicConfigResolver.Describe(topic.Configs));
            case ConfigResourceType.Broker:
                if (resource.ResourceName.Length == 0)
                {
                    return (ApiError.None, broker.DynamicConfigs.DescribeClusterDefaults());
                }
                string nodeId = broker.Options.NodeId.ToString(CultureInfo.InvariantCulture);
                return resource.ResourceName == nodeId
                    ? (ApiError.None, broker.DynamicConfigs.Describe())
                    : (new ApiError(ErrorCode.InvalidRequest, $"Unexpected broker id, expected {nodeId} or empty string, but received {resource.ResourceName}"), []);
            case ConfigResourceType.Group when broker.Groups.GroupConfigs is { } groupConfigs:
                return (ApiError.None, groupConfigs.Describe(resource.ResourceName));
            default:
                return (new ApiError(ErrorCode.InvalidRequest, $"Unsupported resource type {resource.ResourceType}"), []);
        }
    }

    private static DescribeConfigsResponse.DescribeConfigsResourceResult ToWire(ConfigEntry entry, bool includeSynonyms, bool documented)
    {
        var wire = new DescribeConfigsResponse.DescribeConfigsResourceResult
        {
            Name = entry.Name,
            Value = entry.Value,
            ReadOnly = entry.ReadOnly,
            IsDefault = entry.Source == ConfigSource.DefaultConfig,
            ConfigSource = (sbyte)entry.Source,
            IsSensitive = entry.IsSensitive,
            ConfigType = (sbyte)entry.Type,
            Documentation = documented ? entry.Documentation : null,
        };
        if (includeSynonyms)
        {
            foreach (var synonym in entry.Synonyms)
            {
                wire.Synonyms.Add(new DescribeConfigsResponse.DescribeConfigsSynonym
                {
                    Name = synonym.Name,
                    Value = synonym.Value,
                    Source = (sbyte)synonym.Source,
                });
            }
        }
        return wire;
    }
}
