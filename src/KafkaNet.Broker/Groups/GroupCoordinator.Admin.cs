using KafkaNet.Broker.Groups.Classic;
using KafkaNet.Broker.Groups.Consumer;
using KafkaNet.Broker.Groups.Offsets;
using KafkaNet.Broker.Groups.Records;
using KafkaNet.Broker.Groups.Share;
using KafkaNet.Broker.Shares.Assignment;
using KafkaNet.Protocol;
using KafkaNet.Storage;

namespace KafkaNet.Broker.Groups;

public sealed partial class GroupCoordinator
{
    /// <summary>ListGroups: every group of every shard (state and type filters are the handler's).</summary>
    public (ErrorCode Error, IReadOnlyList<GroupListing> Groups) ListGroups()
    {
        var listings = new List<GroupListing>();
        foreach (var shard in LoadedShards)
        {
            lock (shard.Lock)
            {
                foreach (var group in shard.Groups.Values)
                {
                    listings.Add(new GroupListing(group.GroupId, group.ProtocolType, group.StateName, group.Type));
                }
            }
        }
        return (AllShardsLoaded ? ErrorCode.None : ErrorCode.CoordinatorLoadInProgress, listings);
    }

    /// <summary>DescribeGroups for one group; a group that does not exist is described as Dead with GROUP_ID_NOT_FOUND.</summary>
    public GroupDescription DescribeGroup(string groupId)
    {
        var error = TryGetShard(groupId, out var shard);
        if (error != ErrorCode.None)
        {
            return GroupDescription.Failed(groupId, error);
        }
        lock (shard.Lock)
        {
            return shard.Groups.GetValueOrDefault(groupId) switch
            {
                ClassicGroup classic => Describe(classic),
                // DescribeGroups shows classic groups only; ConsumerGroupDescribe and ShareGroupDescribe show the others.
                null or ConsumerGroup or ShareGroup => GroupDescription.Failed(groupId, ErrorCode.GroupIdNotFound),
                var other => new GroupDescription(groupId, ErrorCode.None, other.StateName, other.ProtocolType, "", [], other.Type),
            };
        }
    }

    /// <summary>DeleteGroups for one group: only an empty group goes, with its offsets.</summary>
    public async Task<ErrorCode> DeleteGroupAsync(string groupId)
    {
        var error = TryGetShard(groupId, out var shard);
        if (error != ErrorCode.None)
        {
            return error;
        }
        var stateError = await DeleteShareGroupStateAsync(groupId).ConfigureAwait(false);
        if (stateError != ErrorCode.None)
        {
            return stateError;
        }
        Task<LogAppendInfo> write;
        lock (shard.Lock)
        {
            var group = shard.Groups.GetValueOrDefault(groupId);
            if (group is null)
            {
                return ErrorCode.GroupIdNotFound;
            }
            if (!group.IsEmpty || (group is ClassicGroup classic && classic.PendingMembers.Count > 0))
            {
                return ErrorCode.NonEmptyGroup;
            }
            // Pending transactional offsets go too: their tombstones keep a later commit marker from restoring them.
            var offsets = shard.Offsets.Of(groupId).Keys.Union(shard.PendingOffsets.PartitionsOf(groupId)).ToList();
            var records = new List<CoordinatorRecord>(offsets.Count + 1);
            foreach (var tp in offsets)
            {
                records.Add(CoordinatorRecord.OffsetCommitTombstone(groupId, tp.Topic, tp.Partition));
            }
            records.AddRange(DeletionRecords(group));
            write = shard.Append(records);
            if (write.IsFaulted)
            {
                return ErrorCode.CoordinatorNotAvailable;
            }
            shard.Offsets.RemoveGroup(groupId);
            foreach (var tp in offsets)
            {
                shard.PendingOffsets.RemovePartition(groupId, tp.Topic, tp.Partition);
            }
            shard.Groups.Remove(groupId);
            if (group is ClassicGroup deleted)
            {
                deleted.TransitionTo(ClassicGroupState.Dead, shard.NowMs);
            }
            else if (group is ConsumerGroup consumer)
            {
                consumer.IsDeleted = true;
            }
        }
        return await CoordinatorShard.OutcomeOf(write).ConfigureAwait(false);
    }

    /// <summary>The tombstones that remove a group's own records (its offsets are removed separately).</summary>
    private static IEnumerable<CoordinatorRecord> DeletionRecords(IGroup group) => group switch
    {
        ClassicGroup => [CoordinatorRecord.GroupMetadataTombstone(group.GroupId)],
        ConsumerGroup consumer => ConsumerGroupRecords.GroupTombstones(consumer),
        ShareGroup share => ShareGroupRecords.GroupTombstones(share),
        _ => [],
    };

    private static GroupDescription Describe(ClassicGroup group)
    {
        // Metadata and assignments are shown for a stable group only, as Kafka does.
        bool stable = group.State == ClassicGroupState.Stable;
        var members = group.Members.Select(m => new GroupDescription.Member(
            m.MemberId, m.GroupInstanceId, m.ClientId, m.ClientHost,
            stable ? m.MetadataFor(group.ProtocolName!) ?? [] : [],
            stable ? m.Assignment : [])).ToList();
        return new GroupDescription(group.GroupId, ErrorCode.None, group.StateName, group.ProtocolType, stable ? group.ProtocolName ?? "" : "", members, GroupType.Classic);
    }
}
