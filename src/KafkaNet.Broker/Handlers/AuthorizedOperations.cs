namespace KafkaNet.Broker.Handlers;

/// <summary>
/// Authorized-operation bit sets (bit n = ACL operation code n). There is no authorizer yet, so
/// everything a resource type supports is allowed; <see cref="Omitted"/> is sent when the
/// client did not ask.
/// </summary>
internal static class AuthorizedOperations
{
    public const int Omitted = int.MinValue;

    private const int Read = 3, Write = 4, Create = 5, Delete = 6, Alter = 7, Describe = 8,
        ClusterAction = 9, DescribeConfigs = 10, AlterConfigs = 11, IdempotentWrite = 12;

    public const int Topic = (1 << Read) | (1 << Write) | (1 << Create) | (1 << Delete) | (1 << Alter)
        | (1 << Describe) | (1 << DescribeConfigs) | (1 << AlterConfigs);

    /// <summary>What Kafka lists for a group: read, delete, describe.</summary>
    public const int Group = (1 << Read) | (1 << Delete) | (1 << Describe);

    public const int Cluster = (1 << Create) | (1 << Alter) | (1 << Describe) | (1 << ClusterAction)
        | (1 << DescribeConfigs) | (1 << AlterConfigs) | (1 << IdempotentWrite);
}
