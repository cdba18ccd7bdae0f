using Confluent.Kafka.Admin;

namespace KafkaNet.Cli.Configs;

/// <summary>Kafka's names of where a config value comes from, by the protocol's config_source numbers.</summary>
internal static class ConfigSourceNames
{
    private static readonly string[] Names =
    [
        "UNKNOWN",
        "DYNAMIC_TOPIC_CONFIG",
        "DYNAMIC_BROKER_CONFIG",
        "DYNAMIC_DEFAULT_BROKER_CONFIG",
        "STATIC_BROKER_CONFIG",
        "DEFAULT_CONFIG",
        "DYNAMIC_BROKER_LOGGER_CONFIG",
        "CLIENT_METRICS_CONFIG",
        "DYNAMIC_GROUP_CONFIG",
    ];

    public static string Name(ConfigSource source) => Name((int)source);

    public static string Name(int source) => source >= 0 && source < Names.Length ? Names[source] : Names[0];
}
