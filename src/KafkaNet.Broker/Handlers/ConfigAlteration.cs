using KafkaNet.Broker.Configs;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;

namespace KafkaNet.Broker.Handlers;

/// <summary>What AlterConfigs and IncrementalAlterConfigs share: finding the resource and refusing what cannot be altered.</summary>
internal static class ConfigAlteration
{
    public static ApiError Apply(KafkaBroker broker, sbyte resourceType, string resourceName, ConfigUpdate update, bool validateOnly)
    {
        switch ((ConfigResourceType)resourceType)
        {
            case ConfigResourceType.Topic:
                var nameError = TopicNames.Validate(resourceName);
                return nameError.IsError ? nameError : broker.Topics.UpdateConfigs(resourceName, update, validateOnly).Error;
            case ConfigResourceType.Broker:
                return new ApiError(ErrorCode.InvalidRequest, "Dynamic broker configs are not supported; set them in server.properties.");
            default:
                return new ApiError(ErrorCode.InvalidRequest, $"Unsupported resource type {resourceType}");
        }
    }

    /// <summary>
    /// A BROKER resource's change this broker must check before it is stored (a listener's new keystore), as Kafka's
    /// broker does before forwarding it; None for other resources and changes.
    /// </summary>
    public static ApiError CheckBroker(KafkaBroker broker, sbyte resourceType, string resourceName,
        Func<List<KeyValuePair<string, string?>>> changes, bool replacesAll) =>
        resourceType == (sbyte)ConfigResourceType.Broker
            ? broker.DynamicConfigs.CheckAlteration(resourceName, changes(), replacesAll)
            : ApiError.None;

    public static ApiError DuplicateResource => new(ErrorCode.InvalidRequest, "Duplicate resource in request.");

    public static ApiError DuplicateKeys(string name) => ApiError.InvalidConfig($"Error due to duplicate config keys: {name}");
}
