namespace KafkaNet.Broker.Security.Authorization;

/// <summary>ACL resource types with the codes Kafka's protocol uses.</summary>
public enum AclResourceType : sbyte
{
    Unknown = 0,
    Any = 1,
    Topic = 2,
    Group = 3,
    Cluster = 4,
    TransactionalId = 5,
    DelegationToken = 6,
    User = 7,
}
