namespace KafkaNet.Cli.Configs;

/// <summary>The --entity-type values `kafkanet configs` takes, by Kafka's names.</summary>
internal static class ConfigEntityType
{
    public const string TopicType = "topics";
    public const string BrokerType = "brokers";
    public const string BrokerLoggerType = "broker-loggers";
    public const string ClientType = "clients";
    public const string UserType = "users";

    public static readonly IReadOnlyList<string> All = [TopicType, ClientType, UserType, BrokerType, BrokerLoggerType];

    /// <summary>Client quotas and SCRAM credentials rather than configs of a resource.</summary>
    public static bool IsQuotaEntity(string type) => type is ClientType or UserType;

    /// <summary>Whether --entity-default (the cluster-wide default) exists for the type.</summary>
    public static bool HasDefault(string type) => type is BrokerType or ClientType or UserType;

    /// <summary>"topic", "broker", "broker-logger": the singular Kafka prints in its messages.</summary>
    public static string Singular(string type) => type[..^1];
}
