using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Handlers;

/// <summary>
/// The authorization checks handlers make, one per resource kind, following Kafka's authorization table. A refusal
/// is written to the audit log unless <c>audit</c> is false (listings that just leave out what the principal may not
/// see, as Kafka's filtering does). Without an authorizer every check passes at once.
/// </summary>
public static class Access
{
    /// <summary>The resource name of the cluster in ACLs.</summary>
    public const string ClusterName = "kafka-cluster";

    public static bool AllowsTopic(this RequestContext context, AclOperation operation, string topic, bool audit = true) =>
        context.Allows(operation, AclResourceType.Topic, topic, audit);

    /// <summary>
    /// The operation on every one of the topics (each named once). All are checked, so each refusal is audited, as
    /// Kafka filters the whole set before deciding.
    /// </summary>
    public static bool AllowsEveryTopic(this RequestContext context, AclOperation operation, IEnumerable<string> topics)
    {
        bool allowed = true;
        foreach (string topic in topics.Distinct(StringComparer.Ordinal))
        {
            allowed &= context.AllowsTopic(operation, topic);
        }
        return allowed;
    }

    public static bool AllowsGroup(this RequestContext context, AclOperation operation, string groupId, bool audit = true) =>
        context.Allows(operation, AclResourceType.Group, groupId, audit);

    public static bool AllowsCluster(this RequestContext context, AclOperation operation, bool audit = true) =>
        context.Allows(operation, AclResourceType.Cluster, ClusterName, audit);

    public static bool AllowsTransactionalId(this RequestContext context, AclOperation operation, string transactionalId, bool audit = true) =>
        context.Allows(operation, AclResourceType.TransactionalId, transactionalId, audit);

    /// <summary>
    /// An idempotent producer: IDEMPOTENT_WRITE on the cluster, or (as Kafka allows since 3.0) WRITE on some topic.
    /// </summary>
    public static bool AllowsIdempotentWrite(this RequestContext context)
    {
        var authorizer = context.Broker.Authorizer;
        if (authorizer is null || context.AllowsCluster(AclOperation.IdempotentWrite, audit: false))
        {
            return true;
        }
        if (authorizer.AuthorizeAny(context.Principal, Host(context), AclOperation.Write, AclResourceType.Topic))
        {
            return true;
        }
        Audit(context, AclOperation.IdempotentWrite, AclResourceType.Cluster, ClusterName);
        return false;
    }

    public static bool Allows(this RequestContext context, AclOperation operation, AclResourceType resourceType, string name, bool audit = true)
    {
        if (context.Broker.Authorizer is null || context.IsAllowed(operation, resourceType, name))
        {
            return true;
        }
        if (audit)
        {
            Audit(context, operation, resourceType, name);
        }
        return false;
    }

    private static void Audit(RequestContext context, AclOperation operation, AclResourceType resourceType, string name) =>
        context.Broker.Audit.Denied(context.Principal, Host(context), operation, resourceType, name, ApiTable.Find(context.Header.RequestApiKey)?.Name ?? "unknown");

    private static string Host(RequestContext context) => context.ClientHost.TrimStart('/');
}
