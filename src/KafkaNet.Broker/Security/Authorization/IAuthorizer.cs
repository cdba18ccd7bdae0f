namespace KafkaNet.Broker.Security.Authorization;

/// <summary>
/// Decides whether a principal connected from a host may perform an operation on a resource, as Kafka's
/// Authorizer does. The broker has none unless authorizer.class.name names one; then every request is allowed.
/// </summary>
public interface IAuthorizer
{
    /// <param name="principal">"Type:name", for example "User:alice" or "User:ANONYMOUS".</param>
    /// <param name="host">The client's address without a leading slash, for example "127.0.0.1".</param>
    /// <param name="resourceName">The topic, group or transactional id; "kafka-cluster" for the cluster.</param>
    bool Authorize(string principal, string host, AclOperation operation, AclResourceType resourceType, string resourceName);

    /// <summary>
    /// True when some ACL could allow <paramref name="operation"/> on some resource of the type (Kafka's
    /// authorizeByResourceType), as Kafka asks before an idempotent producer without IdempotentWrite on the cluster
    /// is allowed to write to a topic it may write.
    /// </summary>
    bool AuthorizeAny(string principal, string host, AclOperation operation, AclResourceType resourceType);
}
