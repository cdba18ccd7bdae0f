namespace KafkaNet.Broker.Security.Authorization;

/// <summary>How an ACL's resource name is matched, with the codes Kafka's protocol uses. Any and Match are for filters only.</summary>
public enum AclPatternType : sbyte
{
    Unknown = 0,
    Any = 1,
    Match = 2,
    Literal = 3,
    Prefixed = 4,
}
