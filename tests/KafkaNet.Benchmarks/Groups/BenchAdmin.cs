using KafkaNet.Protocol.Messages;

namespace KafkaNet.Benchmarks.Groups;

/// <summary>The set-up requests a benchmark makes before it measures: a topic, and the group's coordinator.</summary>
internal static class BenchAdmin
{
    /// <summary>Creates a topic with one replica and returns its id.</summary>
    public static async Task<Guid> CreateTopicAsync(BenchConnection connection, string name, int partitions, CancellationToken cancellationToken)
    {
        var request = new CreateTopicsRequest { TimeoutMs = 30000 };
        request.Topics.Add(new CreateTopicsRequest.CreatableTopic { Name = name, NumPartitions = partitions, ReplicationFactor = 1 });
        var response = await connection.RequestAsync<CreateTopicsResponse>(CreateTopicsRequest.ApiKey, 7, request, cancellationToken).ConfigureAwait(false);
        var result = response.Topics.Single();
        return result.ErrorCode == 0 ? result.TopicId : throw new InvalidOperationException($"CreateTopics {name}: error {result.ErrorCode} {result.ErrorMessage}");
    }

    /// <summary>FindCoordinator for a group; the first one creates __consumer_offsets, so it is retried while that loads.</summary>
    public static async Task FindCoordinatorAsync(BenchConnection connection, string groupId, CancellationToken cancellationToken)
    {
        short error = -1;
        for (int attempt = 0; attempt < 100 && error != 0; attempt++)
        {
            var response = await connection.RequestAsync<FindCoordinatorResponse>(FindCoordinatorRequest.ApiKey, 4,
                new FindCoordinatorRequest { CoordinatorKeys = [groupId], KeyType = 0 }, cancellationToken).ConfigureAwait(false);
            error = response.Coordinators.Single().ErrorCode;
            if (error != 0)
            {
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
        }
        if (error != 0)
        {
            throw new InvalidOperationException($"FindCoordinator {groupId}: error {error}");
        }
    }
}
