using KafkaNet.Broker.Security.Authorization;

namespace KafkaNet.Broker.Handlers;

/// <summary>
/// Authorized-operation bit sets (bit n = ACL operation code n) of a resource for the request's principal: the
/// operations Kafka lists for the resource type that the authorizer allows. <see cref="Omitted"/> is sent when the
/// client did not ask.
/// </summary>
internal static class AuthorizedOperations
{
    public const int Omitted = int.MinValue;

    private static readonly AclOperation[] TopicOperations =
    [
        AclOperation.Read, AclOperation.Write, AclOperation.Create, AclOperation.Delete, AclOperation.Alter,
        AclOperation.Describe, AclOperation.DescribeConfigs, AclOperation.AlterConfigs,
    ];

    private static readonly AclOperation[] GroupOperations =
    [
        AclOperation.Read, AclOperation.Delete, AclOperation.Describe, AclOperation.DescribeConfigs, AclOperation.AlterConfigs,
    ];

    private static readonly AclOperation[] ClusterOperations =
    [
        AclOperation.Create, AclOperation.Alter, AclOperation.Describe, AclOperation.ClusterAction,
        AclOperation.DescribeConfigs, AclOperation.AlterConfigs, AclOperation.IdempotentWrite,
    ];

    public static int Topic(RequestContext context, string topic, bool asked) =>
        asked ? Allowed(context, AclResourceType.Topic, topic, TopicOperations) : Omitted;

    public static int Group(RequestContext context, string groupId, bool asked) =>
        asked ? Allowed(context, AclResourceType.Group, groupId, GroupOperations) : Omitted;

    /// <summary>As Kafka: none (0) unless the principal may describe the cluster.</summary>
    public static int Cluster(RequestContext context, bool asked) =>
        !asked ? Omitted
        : context.AllowsCluster(AclOperation.Describe) ? Allowed(context, AclResourceType.Cluster, Access.ClusterName, ClusterOperations)
        : 0;

    private static int Allowed(RequestContext context, AclResourceType type, string name, AclOperation[] operations)
    {
        int bits = 0;
        foreach (var operation in operations)
        {
            if (context.Allows(operation, type, name, audit: false))
            {
                bits |= 1 << (int)operation;
            }
        }
        return bits;
    }
}
