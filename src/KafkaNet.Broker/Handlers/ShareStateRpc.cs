using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Broker.Shares;
using KafkaNet.Broker.Shares.Coordinator;
using KafkaNet.Protocol;

namespace KafkaNet.Broker.Handlers;

/// <summary>
/// What the five share-state RPCs (InitializeShareGroupState ... ReadShareGroupStateSummary) have in common: only brokers
/// send them (CLUSTER_ACTION on the cluster, else CLUSTER_AUTHORIZATION_FAILED for every partition), and each partition of
/// each topic is one call of the share coordinator, answered in request order.
/// </summary>
internal static class ShareStateRpc
{
    /// <summary>
    /// Runs <paramref name="call"/> for every partition, or answers each with <paramref name="failed"/> when the principal
    /// may not make the request or share groups are not served.
    /// </summary>
    public static async Task<List<TTopicResult>> ForEachPartitionAsync<TTopic, TPartition, TTopicResult, TPartitionResult>(
        RequestContext context, string groupId, IEnumerable<TTopic> topics,
        Func<TTopic, (Guid TopicId, IEnumerable<TPartition> Partitions)> unpack, Func<TPartition, int> partitionOf,
        Func<ShareCoordinator, SharePartitionKey, TPartition, Task<TPartitionResult>> call,
        Func<int, ErrorCode, TPartitionResult> failed,
        Func<Guid, List<TPartitionResult>, TTopicResult> topicResult)
    {
        var coordinator = context.Broker.ShareCoordinator;
        ErrorCode? refused = !context.AllowsCluster(AclOperation.ClusterAction) ? ErrorCode.ClusterAuthorizationFailed
            : coordinator is null ? ErrorCode.CoordinatorNotAvailable
            : null;
        var pending = new List<(Guid TopicId, List<Task<TPartitionResult>> Partitions)>();
        foreach (var topic in topics)
        {
            var (topicId, partitions) = unpack(topic);
            pending.Add((topicId, partitions.Select(p => refused is { } error
                ? Task.FromResult(failed(partitionOf(p), error))
                : call(coordinator!, new SharePartitionKey(groupId, topicId, partitionOf(p)), p)).ToList()));
        }
        var results = new List<TTopicResult>(pending.Count);
        foreach (var (topicId, partitions) in pending)
        {
            results.Add(topicResult(topicId, [.. await Task.WhenAll(partitions).ConfigureAwait(false)]));
        }
        return results;
    }

    /// <summary>Kafka's message for the errors these RPCs answer with; null for NONE.</summary>
    public static string? MessageFor(ErrorCode error) => error switch
    {
        ErrorCode.None => null,
        ErrorCode.ClusterAuthorizationFailed => "Cluster authorization failed.",
        ErrorCode.NotCoordinator => "This is not the correct coordinator.",
        ErrorCode.CoordinatorLoadInProgress => "The coordinator is loading and hence can't process requests.",
        ErrorCode.CoordinatorNotAvailable => "The coordinator is not available.",
        ErrorCode.UnknownTopicOrPartition => "This server does not host this topic-partition.",
        ErrorCode.FencedLeaderEpoch => "The leader epoch in the request is older than the epoch on the broker.",
        ErrorCode.FencedStateEpoch => "The state epoch in the request is older than the state epoch of the share-partition.",
        ErrorCode.InvalidRequest => "The request names no share-partition: a group id, a topic id and a partition of at least 0 are needed.",
        _ => ErrorCodes.Name(error),
    };
}
