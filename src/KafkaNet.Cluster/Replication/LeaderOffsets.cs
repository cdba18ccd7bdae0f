using KafkaNet.Cluster.Network;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Cluster.Replication;

/// <summary>
/// The leader's log start and end offsets by ListOffsets, as a follower asks for them when the leader answers
/// OFFSET_OUT_OF_RANGE without them (Kafka's leaders send -1 there).
/// </summary>
internal static class LeaderOffsets
{
    private const short Version = 7;
    private const long Earliest = -2;
    private const long Latest = -1;

    /// <summary>Returns null when the leader answers with an error.</summary>
    /// <exception cref="NodeUnreachableException">The leader cannot be reached.</exception>
    /// <exception cref="TimeoutException">No answer in time.</exception>
    public static async Task<(long Start, long End)?> QueryAsync(NodeClient client, int localNodeId, PartitionFetchState state, CancellationToken cancellationToken)
    {
        long start = await QueryAsync(client, localNodeId, state, Earliest, cancellationToken).ConfigureAwait(false);
        long end = await QueryAsync(client, localNodeId, state, Latest, cancellationToken).ConfigureAwait(false);
        return start < 0 || end < 0 ? null : (start, end);
    }

    private static async Task<long> QueryAsync(NodeClient client, int localNodeId, PartitionFetchState state, long timestamp, CancellationToken cancellationToken)
    {
        var request = new ListOffsetsRequest
        {
            // A replica id makes the leader answer its log end for latest, not its high watermark.
            ReplicaId = localNodeId,
            Topics =
            [
                new ListOffsetsRequest.ListOffsetsTopic
                {
                    Name = state.Topic,
                    Partitions = [new ListOffsetsRequest.ListOffsetsPartition { PartitionIndex = state.Partition, CurrentLeaderEpoch = state.LeaderEpoch, Timestamp = timestamp }],
                },
            ],
        };
        var response = await client.SendAsync<ListOffsetsResponse>(request, ListOffsetsRequest.ApiKey, Version, cancellationToken).ConfigureAwait(false);
        var answer = response.Topics.SelectMany(t => t.Partitions).FirstOrDefault(p => p.PartitionIndex == state.Partition);
        return answer is null || answer.ErrorCode != 0 ? -1 : answer.Offset;
    }
}
