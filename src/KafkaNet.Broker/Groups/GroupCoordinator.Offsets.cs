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
        return await WriteOffsetsAsync(groupId, entries.Count,
            shard => _offsets.Commit(shard, groupId, memberId, groupInstanceId, generationIdOrMemberEpoch, retentionTimeMs, apiVersion, entries)).ConfigureAwait(false);
    }

    /// <summary>Runs an offset change under its shard's lock, then waits for its write: the group error or one per entry.</summary>
    private async Task<(ErrorCode GroupError, ErrorCode[] Errors)> WriteOffsetsAsync(string groupId, int entryCount,
        Func<CoordinatorShard, (ErrorCode GroupError, ErrorCode[] Errors, Task<LogAppendInfo> Write)> change)
    {
        var error = TryGetShard(groupId, out var shard);
        if (error != ErrorCode.None)
        {
            return (error, new ErrorCode[entryCount]);
        }
        (ErrorCode GroupError, ErrorCode[] Errors, Task<LogAppendInfo> Write) result;
        lock (shard.Lock)
        {
            result = change(shard);
        }
        var outcome = await CoordinatorShard.OutcomeOf(result.Write).ConfigureAwait(false);
        return (outcome != ErrorCode.None ? outcome : result.GroupError, result.Errors);
    }

    /// <summary>
    /// OffsetFetch for one group: the committed offset of each asked partition (null when there is none), or,
    /// when <paramref name="partitions"/> is null, every committed offset of the group.
    /// </summary>
    public (ErrorCode Error, IReadOnlyList<(TopicPartitionKey Partition, OffsetAndMetadata? Offset)> Offsets) FetchOffsets(
        string groupId, IReadOnlyList<TopicPartitionKey>? partitions, string? memberId = null, int memberEpoch = -1)
    {
        var (error, offsets) = FetchOffsets(groupId, partitions, memberId, memberEpoch, requireStable: false);
        return (error, offsets.Select(o => (o.Partition, o.Offset)).ToList());
    }

    /// <summary>
    /// OffsetFetch for one group. With <paramref name="requireStable"/> (v7+), a partition that an open transaction
    /// holds an offset for answers UNSTABLE_OFFSET_COMMIT instead of its committed offset, as Kafka does; the group's
    /// own error is not affected. Offsets of open transactions are never returned.
    /// </summary>
    public (ErrorCode Error, IReadOnlyList<FetchedOffset> Offsets) FetchOffsets(
        string groupId, IReadOnlyList<TopicPartitionKey>? partitions, string? memberId, int memberEpoch, bool requireStable)
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
            var asked = partitions ?? shard.Offsets.Of(groupId).Keys.ToList();
            return (ErrorCode.None, asked.Select(tp => requireStable && shard.PendingOffsets.HasPending(groupId, tp.Topic, tp.Partition)
                ? new FetchedOffset(tp, null, ErrorCode.UnstableOffsetCommit)
                : new FetchedOffset(tp, shard.Offsets.Find(groupId, tp.Topic, tp.Partition), ErrorCode.None)).ToList());
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
        return (await CoordinatorShard.OutcomeOf(write).ConfigureAwait(false), errors);
    }

    /// <summary>A deleted topic's offsets go too, committed and pending, in every group, as Kafka removes them.</summary>
    public void OnTopicDeleted(string topic)
    {
        foreach (var shard in LoadedShards)
        {
            lock (shard.Lock)
            {
                foreach (string groupId in shard.Offsets.Groups.Union(shard.PendingOffsets.Groups).ToList())
                {
                    var partitions = shard.Offsets.Of(groupId).Keys.Union(shard.PendingOffsets.PartitionsOf(groupId))
                        .Where(tp => tp.Topic == topic).ToList();
                    if (partitions.Count > 0)
                    {
                        _ = OffsetCommitter.Delete(shard, groupId, partitions);
                    }
                }
            }
        }
    }
}
