namespace KafkaNet.Broker.Security.Authorization;

/// <summary>The authorizer.class.name values that select <see cref="AclAuthorizer"/>: Kafka's class names and our own.</summary>
public static class AuthorizerClassNames
{
    /// <summary>Kafka's KRaft authorizer, the name Kafka's documentation gives.</summary>
    public const string Standard = "org.apache.kafka.metadata.authorizer.StandardAuthorizer";

    /// <summary>Kafka's older ZooKeeper-era authorizer, still found in many configurations.</summary>
    public const string Legacy = "kafka.security.authorizer.AclAuthorizer";

    /// <summary>KafkaNet's own class.</summary>
    public static readonly string Own = typeof(AclAuthorizer).FullName!;

    /// <summary>True when <paramref name="className"/> names the ACL authorizer.</summary>
    public static bool IsAclAuthorizer(string className) =>
        className is Standard or Legacy || className == Own;
}
