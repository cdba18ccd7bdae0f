using KafkaNet.Protocol.Messages;
using KafkaNet.WebConsole.Dispatch;

namespace KafkaNet.WebConsole.Kafka;

/// <summary>Creates and deletes topics with CreateTopics and DeleteTopics.</summary>
internal static class TopicCommands
{
    private const short CreateTopicsVersion = 7;
    // Topics by name (v6 names them by id or name in another layout).
    private const short DeleteTopicsVersion = 5;
    private const int TimeoutMs = 30_000;

    public static async Task CreateTopicAsync(this BrokerRequests kafka, string name, int partitions, short replicationFactor,
        IReadOnlyDictionary<string, string> configs, CancellationToken cancellationToken)
    {
        var topic = new CreateTopicsRequest.CreatableTopic { Name = name, NumPartitions = partitions, ReplicationFactor = replicationFactor };
        topic.Configs.AddRange(configs.Select(c => new CreateTopicsRequest.CreatableTopicConfig { Name = c.Key, Value = c.Value }));
        var request = new CreateTopicsRequest { TimeoutMs = TimeoutMs };
        request.Topics.Add(topic);
        var response = await kafka.SendAsync<CreateTopicsResponse>(CreateTopicsRequest.ApiKey, CreateTopicsVersion, request, cancellationToken)
            .ConfigureAwait(false);
        var result = response.Topics.Single();
        ConsoleApiException.ThrowIfError(result.ErrorCode, result.ErrorMessage, name);
    }

    public static async Task DeleteTopicAsync(this BrokerRequests kafka, string name, CancellationToken cancellationToken)
    {
        var request = new DeleteTopicsRequest { TopicNames = [name], TimeoutMs = TimeoutMs };
        var response = await kafka.SendAsync<DeleteTopicsResponse>(DeleteTopicsRequest.ApiKey, DeleteTopicsVersion, request, cancellationToken)
            .ConfigureAwait(false);
        var result = response.Responses.Single();
        ConsoleApiException.ThrowIfError(result.ErrorCode, result.ErrorMessage, name);
    }
}
