namespace KafkaNet.Broker.Security.Authorization;

/// <summary>Whether an ACL allows or denies, with the codes Kafka's protocol uses. Any is for filters only.</summary>
public enum AclPermissionType : sbyte
{
    Unknown = 0,
    Any = 1,
    Deny = 2,
    Allow = 3,
}
