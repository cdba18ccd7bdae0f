using KafkaNet.Broker.Groups.Offsets;
using KafkaNet.Protocol;
using KafkaNet.Storage;

namespace KafkaNet.Broker.Groups;

public sealed partial class GroupCoordinator
{
    /// <summary>OffsetCommit: the request-wide error (applied to every partition) or one error per entry.</summary>
    public async Task<(ErrorCode GroupError, ErrorCode[] Errors)> CommitOffsetsAsync(string groupId, string memberId, string? groupInstanceId,
        int generationIdOrMemberEpoch, long? retentionTimeMs, short apiVersion, IReadOnlyList<OffsetCommitEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var error = TryGetShard(groupId, out var shard);
        if (error != ErrorCode.None)
        {
            return (error, new ErrorCode[entries.Count]);
        }
        (ErrorCode GroupError, ErrorCode[] Errors, Task<LogAppendInfo> Write) result;
        lock (shard.Lock)
        {
            result = _offsets.Commit(shard, groupId, memberId, groupInstanceId, generationIdOrMemberEpoch, retentionTimeMs, apiVersion, entries);
        }
        try
        {
            await result.Write.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A failed write is a retriable coordinator error for the client.
        catch (Exception)
        {
            return (ErrorCode.CoordinatorNotAvailable, result.Errors);
        }
#pragma warning restore CA1031
        return (result.GroupError, result.Errors);
    }

    /// <summary>
    /// OffsetFetch for one group: the committed offset of each asked partition (null when there is none), or,
    /// when <paramref name="partitions"/> is null, every committed offset of the group.
    /// </summary>
    public (ErrorCode Error, IReadOnlyList<(TopicPartitionKey Partition, OffsetAndMetadata? Offset)> Offsets) FetchOffsets(
        string groupId, IReadOnlyList<TopicPartitionKey>? partitions, string? memberId = null, int memberEpoch = -1)
    {
        var error = TryGetShard(groupId, out var shard);
        if (error != ErrorCode.None)
        {
            return (error, []);
        }
        lock (shard.Lock)
        {
            if (memberId is not null && shard.Groups.GetValueOrDefault(groupId) is { } group)
            {
                var memberError = group.ValidateOffsetFetch(memberId, memberEpoch);
                if (memberError != ErrorCode.None)
                {
                    return (memberError, []);
                }
            }
            if (partitions is null)
            {
                return (ErrorCode.None, shard.Offsets.Of(groupId).Select(o => (o.Key, (OffsetAndMetadata?)o.Value)).ToList());
            }
            return (ErrorCode.None, partitions.Select(tp => (tp, shard.Offsets.Find(groupId, tp.Topic, tp.Partition))).ToList());
        }
    }

    /// <summary>OffsetDelete: the group error, and per partition GROUP_SUBSCRIBED_TO_TOPIC where members still read the topic.</summary>
    public async Task<(ErrorCode Error, ErrorCode[] Errors)> DeleteOffsetsAsync(string groupId, IReadOnlyList<TopicPartitionKey> partitions)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        var errors = new ErrorCode[partitions.Count];
        var error = TryGetShard(groupId, out var shard);
        if (error != ErrorCode.None)
        {
            return (error, errors);
        }
        Task<LogAppendInfo> write;
        lock (shard.Lock)
        {
            if (shard.Groups.GetValueOrDefault(groupId) is not { } group)
            {
                return (ErrorCode.GroupIdNotFound, errors);
            }
            if (group is Classic.ClassicGroup classic && !classic.IsEmpty && classic.GroupProtocolType != "consumer")
            {
                // Without a consumer subscription to read, a group in use keeps all its offsets.
                return (ErrorCode.NonEmptyGroup, errors);
            }
            var deletable = new List<TopicPartitionKey>();
            for (int i = 0; i < partitions.Count; i++)
            {
                if (!group.IsEmpty && group.IsSubscribedTo(partitions[i].Topic))
                {
                    errors[i] = ErrorCode.GroupSubscribedToTopic;
                }
                else
                {
                    deletable.Add(partitions[i]);
                }
            }
            write = OffsetCommitter.Delete(shard, groupId, deletable);
        }
        try
        {
            await write.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A failed write is a retriable coordinator error for the client.
        catch (Exception)
        {
            return (ErrorCode.CoordinatorNotAvailable, errors);
        }
#pragma warning restore CA1031
        return (ErrorCode.None, errors);
    }

    /// <summary>A deleted topic's committed offsets go too, in every group, as Kafka removes them.</summary>
    public void OnTopicDeleted(string topic)
    {
        foreach (var shard in LoadedShards)
        {
            lock (shard.Lock)
            {
                foreach (string groupId in shard.Offsets.Groups.ToList())
                {
                    var partitions = shard.Offsets.Of(groupId).Keys.Where(tp => tp.Topic == topic).ToList();
                    if (partitions.Count > 0)
                    {
                        _ = OffsetCommitter.Delete(shard, groupId, partitions);
                    }
                }
            }
        }
    }
}
