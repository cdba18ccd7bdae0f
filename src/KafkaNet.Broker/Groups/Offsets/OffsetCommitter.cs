using System.Text;
using KafkaNet.Broker.Groups.Classic;
using KafkaNet.Broker.Groups.Records;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.Storage;

namespace KafkaNet.Broker.Groups.Offsets;

/// <summary>
/// Offset commits, deletions and expiry for the groups of one shard: validated against the group, written
/// as OffsetCommit records, then applied. Runs under the shard's lock.
/// </summary>
internal sealed class OffsetCommitter
{
    private readonly GroupCoordinatorOptions _options;

    public OffsetCommitter(GroupCoordinatorOptions options)
    {
        _options = options;
    }

    /// <summary>
    /// Validates the commit against the group and writes the offsets that pass. Returns the error for the whole
    /// request (every partition gets it) or, when it is NONE, one error per entry; and the write to await.
    /// </summary>
    public (ErrorCode GroupError, ErrorCode[] Errors, Task<LogAppendInfo> Write) Commit(
        CoordinatorShard shard, string groupId, string memberId, string? groupInstanceId, int generationIdOrMemberEpoch,
        long? retentionTimeMs, short apiVersion, IReadOnlyList<OffsetCommitEntry> entries)
    {
        var errors = new ErrorCode[entries.Count];
        var done = Task.FromResult(default(LogAppendInfo));
        var group = shard.Groups.GetValueOrDefault(groupId);
        if (group is null)
        {
            if (generationIdOrMemberEpoch >= 0)
            {
                // A member of a group that is gone; v9+ says so, older versions keep their old answer.
                return (apiVersion >= 9 ? ErrorCode.GroupIdNotFound : ErrorCode.IllegalGeneration, errors, done);
            }
            // Commits from outside group management create an empty "simple" group, as Kafka does.
            group = new ClassicGroup(groupId, shard.NowMs);
        }
        var groupError = group.ValidateOffsetCommit(memberId, groupInstanceId, generationIdOrMemberEpoch, apiVersion);
        if (groupError != ErrorCode.None)
        {
            return (groupError, errors, done);
        }
        long now = shard.NowMs;
        var records = new List<CoordinatorRecord>(entries.Count);
        var accepted = new List<(OffsetCommitEntry Entry, OffsetAndMetadata Offset)>(entries.Count);
        for (int i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            string metadata = entry.Metadata ?? "";
            if (!entry.TopicExists)
            {
                errors[i] = ErrorCode.UnknownTopicOrPartition;
            }
            else if (Encoding.UTF8.GetByteCount(metadata) > _options.OffsetMetadataMaxBytes)
            {
                errors[i] = ErrorCode.OffsetMetadataTooLarge;
            }
            else
            {
                long? expire = retentionTimeMs is > 0 ? now + retentionTimeMs : null;
                var offset = new OffsetAndMetadata(entry.Offset, entry.LeaderEpoch, metadata, now, expire, entry.TopicId);
                records.Add(CoordinatorRecord.OffsetCommit(groupId, entry.Topic, entry.Partition, ToValue(offset)));
                accepted.Add((entry, offset));
            }
        }
        if (records.Count == 0)
        {
            return (ErrorCode.None, errors, done);
        }
        var write = shard.Append(records);
        if (write.IsFaulted)
        {
            return (ErrorCode.CoordinatorNotAvailable, errors, write);
        }
        shard.Groups.TryAdd(groupId, group);
        foreach (var (entry, offset) in accepted)
        {
            shard.Offsets.Put(groupId, entry.Topic, entry.Partition, offset);
        }
        return (ErrorCode.None, errors, write);
    }

    /// <summary>Removes offsets (OffsetDelete, DeleteGroups, expiry) with tombstones; returns the write.</summary>
    public static Task<LogAppendInfo> Delete(CoordinatorShard shard, string groupId, IReadOnlyCollection<TopicPartitionKey> partitions)
    {
        var records = new List<CoordinatorRecord>(partitions.Count);
        foreach (var tp in partitions)
        {
            if (shard.Offsets.Remove(groupId, tp.Topic, tp.Partition))
            {
                records.Add(CoordinatorRecord.OffsetCommitTombstone(groupId, tp.Topic, tp.Partition));
            }
        }
        return shard.Append(records);
    }

    /// <summary>
    /// Expires the offsets of empty groups older than offsets.retention.minutes (counted from when the group
    /// became empty), and offsets committed with an explicit retention whose time is up; then removes
    /// empty groups that have nothing left.
    /// </summary>
    public void ExpireOffsets(CoordinatorShard shard)
    {
        long now = shard.NowMs;
        long retentionMs = _options.OffsetsRetentionMinutes * 60_000L;
        foreach (string groupId in shard.Offsets.Groups.ToList())
        {
            var group = shard.Groups.GetValueOrDefault(groupId);
            var expired = new List<TopicPartitionKey>();
            foreach (var (tp, offset) in shard.Offsets.Of(groupId))
            {
                bool explicitExpiry = offset.ExpireTimestampMs is { } expire && expire <= now;
                // The clock starts when the group became empty, and never before the commit itself.
                long since = Math.Max(group?.CurrentStateTimestampMs ?? 0, offset.CommitTimestampMs);
                bool retentionExpiry = (group is null || group.IsEmpty) && since + retentionMs <= now;
                if (explicitExpiry || retentionExpiry)
                {
                    expired.Add(tp);
                }
            }
            if (expired.Count > 0)
            {
                _ = Delete(shard, groupId, expired);
            }
        }
        foreach (var group in shard.Groups.Values.ToList())
        {
            if (group is ClassicGroup { IsEmpty: true, State: ClassicGroupState.Empty } classic && !shard.Offsets.HasOffsets(group.GroupId)
                && classic.PendingMembers.Count == 0)
            {
                shard.Groups.Remove(group.GroupId);
                _ = shard.Append([CoordinatorRecord.GroupMetadataTombstone(group.GroupId)]);
            }
            else if (group is Consumer.ConsumerGroup { IsEmpty: true } consumer && !shard.Offsets.HasOffsets(group.GroupId))
            {
                _ = Consumer.ConsumerGroupCoordinator.DeleteEmptyGroup(shard, consumer);
            }
        }
    }

    /// <summary>Applies an OffsetCommit record while loading.</summary>
    public static void Replay(CoordinatorShard shard, OffsetCommitKey key, OffsetCommitValue? value)
    {
        if (value is null)
        {
            shard.Offsets.Remove(key.Group, key.Topic, key.Partition);
            return;
        }
        shard.Offsets.Put(key.Group, key.Topic, key.Partition, new OffsetAndMetadata(
            value.Offset, value.LeaderEpoch, value.Metadata, value.CommitTimestamp, value.ExpireTimestamp >= 0 ? value.ExpireTimestamp : null, value.TopicId));
        if (!shard.Groups.ContainsKey(key.Group))
        {
            // Offsets without group metadata belong to a simple group, as Kafka loads them.
            shard.Groups[key.Group] = new ClassicGroup(key.Group, value.CommitTimestamp);
        }
    }

    private static OffsetCommitValue ToValue(OffsetAndMetadata offset) => new()
    {
        Offset = offset.Offset,
        LeaderEpoch = offset.LeaderEpoch,
        Metadata = offset.Metadata,
        CommitTimestamp = offset.CommitTimestampMs,
        ExpireTimestamp = offset.ExpireTimestampMs ?? -1,
        TopicId = offset.TopicId,
    };
}
