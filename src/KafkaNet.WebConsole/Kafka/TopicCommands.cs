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
    private const int MetadataChecks = 100;
    private static readonly TimeSpan MetadataCheckDelay = TimeSpan.FromMilliseconds(50);

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
        await kafka.AwaitMetadataAsync(name, listed: true, cancellationToken).ConfigureAwait(false);
    }

    public static async Task DeleteTopicAsync(this BrokerRequests kafka, string name, CancellationToken cancellationToken)
    {
        var request = new DeleteTopicsRequest { TopicNames = [name], TimeoutMs = TimeoutMs };
        var response = await kafka.SendAsync<DeleteTopicsResponse>(DeleteTopicsRequest.ApiKey, DeleteTopicsVersion, request, cancellationToken)
            .ConfigureAwait(false);
        var result = response.Responses.Single();
        ConsoleApiException.ThrowIfError(result.ErrorCode, result.ErrorMessage, name);
        await kafka.AwaitMetadataAsync(name, listed: false, cancellationToken).ConfigureAwait(false);
    }

    // The controller has committed the change; this broker applies it a moment later. The page that follows
    // should already show it, so wait (a bounded time) until this broker's Metadata does.
    private static async Task AwaitMetadataAsync(this BrokerRequests kafka, string name, bool listed, CancellationToken cancellationToken)
    {
        for (int check = 0; check < MetadataChecks; check++)
        {
            var metadata = await kafka.MetadataAsync([name], cancellationToken).ConfigureAwait(false);
            if (metadata.Topics.Any(t => t.ErrorCode == 0) == listed)
            {
                return;
            }
            await Task.Delay(MetadataCheckDelay, cancellationToken).ConfigureAwait(false);
        }
    }
}
