using KafkaNet.Broker.Groups.Records;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Groups.Consumer;

/// <summary>
/// Applies consumer-group records to a shard. The same code rebuilds groups when a partition of
/// __consumer_offsets loads and applies the records a request writes, so what a restart rebuilds
/// is what the broker had. Records may arrive in any order compaction leaves them in.
/// </summary>
internal static class ConsumerGroupReplay
{
    /// <summary>Applies the record if it is a consumer-group record; false for any other.</summary>
    public static bool TryApply(CoordinatorShard shard, CoordinatorRecord record, int sessionTimeoutMs)
    {
        switch (record.Key)
        {
            case ConsumerGroupMetadataKey key:
                if (record.Value is ConsumerGroupMetadataValue epoch)
                {
                    var group = GetOrCreate(shard, key.GroupId);
                    group.GroupEpoch = epoch.Epoch;
                    group.MetadataHash = epoch.MetadataHash;
                }
                else if (shard.Groups.GetValueOrDefault(key.GroupId) is ConsumerGroup deleted)
                {
                    deleted.IsDeleted = true;
                    shard.Groups.Remove(key.GroupId);
                }
                return true;

            case ConsumerGroupPartitionMetadataKey:
                // Kafka before 4.1 stored subscription metadata here; the epoch record's hash replaces it.
                return true;

            case ConsumerGroupMemberMetadataKey key:
                ApplyMemberMetadata(shard, key, record.Value as ConsumerGroupMemberMetadataValue, sessionTimeoutMs);
                return true;

            case ConsumerGroupTargetAssignmentMetadataKey key:
                if (record.Value is ConsumerGroupTargetAssignmentMetadataValue target)
                {
                    GetOrCreate(shard, key.GroupId).TargetAssignmentEpoch = target.AssignmentEpoch;
                }
                return true;

            case ConsumerGroupTargetAssignmentMemberKey key:
                if (record.Value is ConsumerGroupTargetAssignmentMemberValue member)
                {
                    GetOrCreate(shard, key.GroupId).SetTargetAssignment(key.MemberId, ConsumerGroupRecords.TargetAssignmentOf(member));
                }
                else
                {
                    Existing(shard, key.GroupId)?.SetTargetAssignment(key.MemberId, null);
                }
                return true;

            case ConsumerGroupCurrentMemberAssignmentKey key:
                ApplyCurrentAssignment(shard, key, record.Value as ConsumerGroupCurrentMemberAssignmentValue, sessionTimeoutMs);
                return true;

            case ConsumerGroupRegularExpressionKey key:
                if (record.Value is ConsumerGroupRegularExpressionValue regex)
                {
                    GetOrCreate(shard, key.GroupId).SetResolvedRegex(key.RegularExpression, ConsumerGroupRecords.ResolvedRegexOf(regex));
                }
                else
                {
                    Existing(shard, key.GroupId)?.SetResolvedRegex(key.RegularExpression, null);
                }
                return true;

            default:
                return false;
        }
    }

    /// <summary>The consumer group of that id; an empty classic group of the same id (offsets only) gives way to it.</summary>
    public static ConsumerGroup GetOrCreate(CoordinatorShard shard, string groupId)
    {
        if (shard.Groups.GetValueOrDefault(groupId) is ConsumerGroup existing)
        {
            return existing;
        }
        var group = new ConsumerGroup(groupId);
        shard.Groups[groupId] = group;
        return group;
    }

    private static ConsumerGroup? Existing(CoordinatorShard shard, string groupId) => shard.Groups.GetValueOrDefault(groupId) as ConsumerGroup;

    private static void ApplyMemberMetadata(CoordinatorShard shard, ConsumerGroupMemberMetadataKey key, ConsumerGroupMemberMetadataValue? value, int sessionTimeoutMs)
    {
        if (value is null)
        {
            Existing(shard, key.GroupId)?.RemoveMember(key.MemberId);
            return;
        }
        var group = GetOrCreate(shard, key.GroupId);
        var member = ConsumerGroupRecords.WithMetadata(group.Find(key.MemberId) ?? new ConsumerGroupMember { MemberId = key.MemberId }, value);
        group.PutMember(member);
        // A member loaded from the log gets a full session from now to come back.
        long timeout = member.ClassicMemberMetadata?.SessionTimeoutMs ?? sessionTimeoutMs;
        if (group.SessionDeadlines.TryAdd(key.MemberId, shard.NowMs + timeout))
        {
            shard.Schedule(key.GroupId, group.SessionDeadlines[key.MemberId]);
        }
    }

    private static void ApplyCurrentAssignment(CoordinatorShard shard, ConsumerGroupCurrentMemberAssignmentKey key, ConsumerGroupCurrentMemberAssignmentValue? value, int sessionTimeoutMs)
    {
        if (value is null)
        {
            // The member is leaving: it owns nothing from now on; its metadata tombstone follows.
            if (Existing(shard, key.GroupId) is { } existing && existing.Find(key.MemberId) is { } leaving)
            {
                existing.PutMember(leaving with
                {
                    MemberEpoch = -1,
                    PreviousMemberEpoch = -1,
                    State = MemberState.Stable,
                    AssignedPartitions = Assignment.Empty,
                    PartitionsPendingRevocation = Assignment.Empty,
                });
                existing.RebalanceDeadlines.Remove(key.MemberId);
            }
            return;
        }
        var group = GetOrCreate(shard, key.GroupId);
        var member = ConsumerGroupRecords.WithCurrentAssignment(group.Find(key.MemberId) ?? new ConsumerGroupMember { MemberId = key.MemberId }, value);
        group.PutMember(member);
        if (member.State == MemberState.UnrevokedPartitions && !member.UsesClassicProtocol)
        {
            // The member must leave this epoch within its rebalance timeout, or it is fenced.
            long due = shard.NowMs + (member.RebalanceTimeoutMs > 0 ? member.RebalanceTimeoutMs : sessionTimeoutMs);
            group.RebalanceDeadlines[key.MemberId] = (due, member.MemberEpoch);
            shard.Schedule(key.GroupId, due);
        }
        else
        {
            group.RebalanceDeadlines.Remove(key.MemberId);
        }
    }
}
