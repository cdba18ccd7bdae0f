using System.Text;
using KafkaNet.Broker.Groups.Classic;
using KafkaNet.Broker.Groups.Records;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.Protocol.Records;
using KafkaNet.Storage;

namespace KafkaNet.Broker.Groups.Offsets;

/// <summary>
/// Offset commits, deletions and expiry for the groups of one shard: validated against the group, written
/// as OffsetCommit records, then applied. Runs under the shard's lock.
/// </summary>
internal sealed class OffsetCommitter
{
    private static readonly Task<LogAppendInfo> Done = Task.FromResult(default(LogAppendInfo));

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
        var group = shard.Groups.GetValueOrDefault(groupId);
        if (group is null && generationIdOrMemberEpoch >= 0)
        {
            // A member of a group that is gone; v9+ says so, older versions keep their old answer.
            return (apiVersion >= 9 ? ErrorCode.GroupIdNotFound : ErrorCode.IllegalGeneration, errors, Done);
        }
        // Commits from outside group management create an empty "simple" group, as Kafka does.
        group ??= new ClassicGroup(groupId, shard.NowMs);
        var groupError = group.ValidateOffsetCommit(memberId, groupInstanceId, generationIdOrMemberEpoch, isTransactional: false, apiVersion);
        if (groupError != ErrorCode.None)
        {
            return (groupError, errors, Done);
        }
        long now = shard.NowMs;
        long? expire = retentionTimeMs is > 0 ? now + retentionTimeMs : null;
        var (records, accepted) = Prepare(groupId, entries, errors, now, expire, shard.NextOffset);
        if (records.Count == 0)
        {
            return (ErrorCode.None, errors, Done);
        }
        var write = shard.Append(records);
        if (write.IsFaulted)
        {
            return (CoordinatorShard.ErrorOf(write.Exception), errors, write);
        }
        shard.Groups.TryAdd(groupId, group);
        foreach (var (entry, offset) in accepted)
        {
            shard.Offsets.Put(groupId, entry.Topic, entry.Partition, offset);
        }
        return (ErrorCode.None, errors, write);
    }

    /// <summary>
    /// TxnOffsetCommit: validates as Kafka does for transactional commits (no group state checks; a stale member
    /// epoch is ILLEGAL_GENERATION), writes the offsets that pass as one transactional batch of the producer and
    /// holds them pending until the transaction's marker.
    /// </summary>
    public (ErrorCode GroupError, ErrorCode[] Errors, Task<LogAppendInfo> Write) CommitTransactional(
        CoordinatorShard shard, string groupId, long producerId, short producerEpoch, string memberId, string? groupInstanceId,
        int generationId, IReadOnlyList<OffsetCommitEntry> entries)
    {
        var errors = new ErrorCode[entries.Count];
        var group = shard.Groups.GetValueOrDefault(groupId);
        if (group is null && generationId >= 0)
        {
            return (ErrorCode.IllegalGeneration, errors, Done);
        }
        group ??= new ClassicGroup(groupId, shard.NowMs);
        // The API version only matters for plain commits of KIP-848 members.
        var groupError = group.ValidateOffsetCommit(memberId, groupInstanceId, generationId, isTransactional: true, apiVersion: 0);
        if (groupError != ErrorCode.None)
        {
            return (groupError == ErrorCode.StaleMemberEpoch ? ErrorCode.IllegalGeneration : groupError, errors, Done);
        }
        var (records, accepted) = Prepare(groupId, entries, errors, shard.NowMs, expire: null, shard.NextOffset);
        if (records.Count == 0)
        {
            return (ErrorCode.None, errors, Done);
        }
        var write = shard.AppendTransactional(records, producerId, producerEpoch);
        if (write.IsFaulted)
        {
            return (CoordinatorShard.ErrorOf(write.Exception), errors, write);
        }
        shard.Groups.TryAdd(groupId, group);
        foreach (var (entry, offset) in accepted)
        {
            shard.PendingOffsets.Put(producerId, groupId, entry.Topic, entry.Partition, offset);
        }
        return (ErrorCode.None, errors, write);
    }

    /// <summary>
    /// Applies a transaction's marker: on commit the producer's pending offsets become committed, except where a
    /// committed offset was written after them (Kafka keeps the later record); on abort they are dropped.
    /// </summary>
    public static void CompleteTransaction(CoordinatorShard shard, long producerId, bool commit)
    {
        var pending = shard.PendingOffsets.Complete(producerId);
        if (!commit)
        {
            return;
        }
        foreach (string groupId in pending.Groups)
        {
            foreach (var (tp, offset) in pending.Of(groupId))
            {
                var existing = shard.Offsets.Find(groupId, tp.Topic, tp.Partition);
                if (existing is null || offset.RecordOffset > existing.RecordOffset)
                {
                    shard.Offsets.Put(groupId, tp.Topic, tp.Partition, offset);
                }
            }
        }
    }

    /// <summary>
    /// Removes offsets (OffsetDelete, DeleteGroups, expiry, deleted topics) with tombstones, committed and pending
    /// alike, as a tombstone removes both in Kafka; returns the write.
    /// </summary>
    public static Task<LogAppendInfo> Delete(CoordinatorShard shard, string groupId, IReadOnlyCollection<TopicPartitionKey> partitions)
    {
        var records = new List<CoordinatorRecord>(partitions.Count);
        foreach (var tp in partitions)
        {
            bool committed = shard.Offsets.Remove(groupId, tp.Topic, tp.Partition);
            if (shard.PendingOffsets.RemovePartition(groupId, tp.Topic, tp.Partition) || committed)
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
                // An offset a transaction is about to replace does not expire yet.
                if ((explicitExpiry || retentionExpiry) && !shard.PendingOffsets.HasPending(groupId, tp.Topic, tp.Partition))
                {
                    expired.Add(tp);
                }
            }
            if (expired.Count > 0)
            {
                _ = Delete(shard, groupId, expired);
            }
        }
        foreach (var group in shard.Groups.Values.Where(g => !shard.PendingOffsets.HasOpenTransactions(g.GroupId)).ToList())
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

    /// <summary>
    /// Applies an OffsetCommit record while loading, at its offset in the log. A record of a transactional batch
    /// (<paramref name="producerId"/> not -1) is pending until its producer's marker; a tombstone removes the
    /// committed offset and every pending one of the partition.
    /// </summary>
    public static void Replay(CoordinatorShard shard, OffsetCommitKey key, OffsetCommitValue? value, long recordOffset, long producerId)
    {
        if (value is null)
        {
            shard.Offsets.Remove(key.Group, key.Topic, key.Partition);
            shard.PendingOffsets.RemovePartition(key.Group, key.Topic, key.Partition);
            return;
        }
        var offset = new OffsetAndMetadata(value.Offset, value.LeaderEpoch, value.Metadata, value.CommitTimestamp,
            value.ExpireTimestamp >= 0 ? value.ExpireTimestamp : null, value.TopicId, recordOffset);
        if (producerId == RecordBatchHeader.NoProducerId)
        {
            shard.Offsets.Put(key.Group, key.Topic, key.Partition, offset);
        }
        else
        {
            shard.PendingOffsets.Put(producerId, key.Group, key.Topic, key.Partition, offset);
        }
        if (!shard.Groups.ContainsKey(key.Group))
        {
            // Offsets without group metadata belong to a simple group, as Kafka loads them.
            shard.Groups[key.Group] = new ClassicGroup(key.Group, value.CommitTimestamp);
        }
    }

    /// <summary>
    /// The records of the entries that pass the topic and metadata checks (the others get their error in
    /// <paramref name="errors"/>), each with the log offset it will be written at from <paramref name="firstOffset"/>.
    /// </summary>
    private (List<CoordinatorRecord> Records, List<(OffsetCommitEntry Entry, OffsetAndMetadata Offset)> Accepted) Prepare(
        string groupId, IReadOnlyList<OffsetCommitEntry> entries, ErrorCode[] errors, long now, long? expire, long firstOffset)
    {
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
                var offset = new OffsetAndMetadata(entry.Offset, entry.LeaderEpoch, metadata, now, expire, entry.TopicId, firstOffset + records.Count);
                records.Add(CoordinatorRecord.OffsetCommit(groupId, entry.Topic, entry.Partition, ToValue(offset)));
                accepted.Add((entry, offset));
            }
        }
        return (records, accepted);
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
