namespace KafkaNet.Broker.Security.Authorization;

/// <summary>Operation and resource type names as Kafka writes them (WRITE, TOPIC, TRANSACTIONAL_ID).</summary>
public static class AclNames
{
    public static string Operation(AclOperation operation) => operation switch
    {
        AclOperation.ClusterAction => "CLUSTER_ACTION",
        AclOperation.DescribeConfigs => "DESCRIBE_CONFIGS",
        AclOperation.AlterConfigs => "ALTER_CONFIGS",
        AclOperation.IdempotentWrite => "IDEMPOTENT_WRITE",
        AclOperation.CreateTokens => "CREATE_TOKENS",
        AclOperation.DescribeTokens => "DESCRIBE_TOKENS",
        AclOperation.TwoPhaseCommit => "TWO_PHASE_COMMIT",
        _ => operation.ToString().ToUpperInvariant(),
    };

    public static string ResourceType(AclResourceType type) => type switch
    {
        AclResourceType.TransactionalId => "TRANSACTIONAL_ID",
        AclResourceType.DelegationToken => "DELEGATION_TOKEN",
        _ => type.ToString().ToUpperInvariant(),
    };
}
