using System.Globalization;
using KafkaNet.Broker.Groups;

namespace KafkaNet.Broker.Shares.Coordinator;

/// <summary>
/// Which partition of __share_group_state keeps a share-partition's state: the Java string hash of the coordinator key
/// "groupId:topicId:partition" (the topic id in Kafka's base64 form), as Kafka places it.
/// </summary>
public static class ShareCoordinatorPartitioner
{
    /// <summary>The key FindCoordinator carries for a share-partition (key type 2).</summary>
    public static string CoordinatorKey(SharePartitionKey key) =>
        string.Create(CultureInfo.InvariantCulture, $"{key.GroupId}:{KafkaUuid.Format(key.TopicId)}:{key.Partition}");

    public static int PartitionFor(SharePartitionKey key, int partitionCount) => PartitionFor(CoordinatorKey(key), partitionCount);

    public static int PartitionFor(string coordinatorKey, int partitionCount) => GroupPartitioner.PartitionFor(coordinatorKey, partitionCount);

    /// <summary>
    /// Parses a coordinator key: exactly three parts split on ':', a non-empty group id, a topic id and a partition of at
    /// least 0. False for anything else (FindCoordinator answers INVALID_REQUEST).
    /// </summary>
    public static bool TryParse(string? coordinatorKey, out SharePartitionKey key)
    {
        key = default;
        var parts = coordinatorKey?.Split(':');
        if (parts is not { Length: 3 } || parts[0].Length == 0 || !KafkaUuid.TryParse(parts[1], out var topicId) || topicId == Guid.Empty
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out int partition))
        {
            return false;
        }
        key = new SharePartitionKey(parts[0], topicId, partition);
        return true;
    }
}
