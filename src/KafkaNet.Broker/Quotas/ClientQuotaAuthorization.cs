namespace KafkaNet.Broker.Quotas;

/// <summary>Client quotas are cluster configs: DESCRIBE_CONFIGS to read them, ALTER_CONFIGS to change them.</summary>
internal static class ClientQuotaAuthorization
{
    public const string ClusterName = "kafka-cluster";

    public const string Denied = "Cluster authorization failed.";
}
