using Confluent.Kafka;
using KafkaNet.Embedded;

namespace KafkaNet.Broker.Tests.Admin;

/// <summary>Confluent.Kafka admin clients with short timeouts, so a broken broker fails a test instead of hanging it.</summary>
internal static class AdminClients
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static IAdminClient Create(EmbeddedKafka kafka) => new AdminClientBuilder(new AdminClientConfig
    {
        BootstrapServers = kafka.BootstrapServers,
        SocketTimeoutMs = 10000,
    }).Build();

    public static Task CreateTopicAsync(this IAdminClient admin, string name, int partitions = 1, Dictionary<string, string>? configs = null) =>
        admin.CreateTopicsAsync(
            [new Confluent.Kafka.Admin.TopicSpecification { Name = name, NumPartitions = partitions, ReplicationFactor = 1, Configs = configs }],
            new Confluent.Kafka.Admin.CreateTopicsOptions { RequestTimeout = Timeout, OperationTimeout = Timeout });
}
