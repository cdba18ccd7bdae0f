using KafkaNet.Broker.Configs;
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Protocol;

namespace KafkaNet.Broker.Handlers;

/// <summary>
/// DESCRIBE_CONFIGS / ALTER_CONFIGS on a config resource as Kafka maps them: a topic's on the topic, a broker's (and its
/// loggers') on the cluster, a group's on the group, each refusal with that resource's authorization error.
/// </summary>
internal static class ConfigAccess
{
    public static ErrorCode Check(RequestContext context, AclOperation operation, sbyte resourceType, string name) =>
        (ConfigResourceType)resourceType switch
        {
            ConfigResourceType.Topic => context.AllowsTopic(operation, name) ? ErrorCode.None : ErrorCode.TopicAuthorizationFailed,
            ConfigResourceType.Broker or ConfigResourceType.BrokerLogger or ConfigResourceType.ClientMetrics =>
                context.AllowsCluster(operation) ? ErrorCode.None : ErrorCode.ClusterAuthorizationFailed,
            ConfigResourceType.Group => context.AllowsGroup(operation, name) ? ErrorCode.None : ErrorCode.GroupAuthorizationFailed,
            _ => ErrorCode.None,
        };
}
