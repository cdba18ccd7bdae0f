using KafkaNet.Broker.Groups.Records;
using KafkaNet.Protocol;
using KafkaNet.Storage;

namespace KafkaNet.Broker.Groups.Classic;

internal sealed partial class ClassicGroupCoordinator
{
    private void MaybePrepareRebalance(CoordinatorShard shard, ClassicGroup group)
    {
        if (group.State is ClassicGroupState.Stable or ClassicGroupState.CompletingRebalance or ClassicGroupState.Empty)
        {
            PrepareRebalance(shard, group);
        }
    }

    private void PrepareRebalance(CoordinatorShard shard, ClassicGroup group)
    {
        if (group.State == ClassicGroupState.CompletingRebalance)
        {
            // The assignment being computed is for a generation that will not be: its members must rejoin.
            foreach (var member in group.Members)
            {
                member.Assignment = [];
                member.PendingSync = false;
                member.AwaitingSync?.TrySetResult(SyncGroupResult.Failed(ErrorCode.RebalanceInProgress));
                member.AwaitingSync = null;
            }
            group.SyncDeadlineMs = long.MaxValue;
        }
        long now = shard.NowMs;
        if (group.State == ClassicGroupState.Empty)
        {
            // A new group waits group.initial.rebalance.delay.ms for more members, extended while they keep
            // coming, but never past the longest rebalance timeout.
            group.InInitialDelay = true;
            group.NewMemberAdded = false;
            long delay = _options.GroupInitialRebalanceDelayMs;
            group.InitialDelayRemainingMs = Math.Max(group.MaxRebalanceTimeoutMs - delay, 0);
            group.JoinDeadlineMs = now + delay;
        }
        else
        {
            group.InInitialDelay = false;
            group.JoinDeadlineMs = now + group.MaxRebalanceTimeoutMs;
        }
        group.TransitionTo(ClassicGroupState.PreparingRebalance, now);
        shard.Schedule(group.GroupId, group.JoinDeadlineMs);
    }

    /// <summary>Ends the join phase once every member has rejoined (not during a new group's initial delay).</summary>
    private void TryCompleteJoin(CoordinatorShard shard, ClassicGroup group)
    {
        if (group.State == ClassicGroupState.PreparingRebalance && !group.InInitialDelay && group.HasAllMembersJoined)
        {
            CompleteJoin(shard, group);
        }
    }

    private void CompleteJoin(CoordinatorShard shard, ClassicGroup group)
    {
        group.JoinDeadlineMs = long.MaxValue;
        group.InInitialDelay = false;
        foreach (var member in group.NotYetRejoined)
        {
            // Members that did not rejoin in time leave the group, static ones included.
            RemoveMember(group, member, ErrorCode.UnknownMemberId);
        }
        foreach (string pending in group.PendingMembers.Keys.ToList())
        {
            group.PendingMembers.Remove(pending);
        }
        long now = shard.NowMs;
        group.GenerationId++;
        if (group.IsEmpty)
        {
            group.ProtocolName = null;
            group.LeaderId = null;
            group.TransitionTo(ClassicGroupState.Empty, now);
            _ = Persist(shard, group);
            return;
        }
        group.ProtocolName = group.SelectProtocol();
        group.TransitionTo(ClassicGroupState.CompletingRebalance, now);
        var members = MemberList(group);
        foreach (var member in group.Members)
        {
            bool leader = group.IsLeader(member.MemberId);
            var result = new JoinGroupResult(ErrorCode.None, member.MemberId, group.GenerationId, group.GroupProtocolType,
                group.ProtocolName, group.LeaderId!, Members: leader ? members : []);
            member.PendingSync = true;
            member.HeartbeatDeadlineMs = now + member.SessionTimeoutMs;
            member.AwaitingJoin?.TrySetResult(result);
            member.AwaitingJoin = null;
        }
        // Members that never send SyncGroup would stall the group; they are removed after the rebalance timeout.
        group.SyncDeadlineMs = now + group.MaxRebalanceTimeoutMs;
        ScheduleNext(shard, group);
    }

    /// <summary>Runs when one of the group's deadlines may have passed: sessions, join and sync phases, pending ids.</summary>
    public void OnDeadline(CoordinatorShard shard, ClassicGroup group, long now)
    {
        foreach (var (memberId, deadline) in group.PendingMembers.ToList())
        {
            if (deadline <= now)
            {
                group.PendingMembers.Remove(memberId);
            }
        }
        if (group.State == ClassicGroupState.PreparingRebalance && group.JoinDeadlineMs <= now)
        {
            if (group.InInitialDelay && group.NewMemberAdded && group.InitialDelayRemainingMs > 0)
            {
                long extension = Math.Min(_options.GroupInitialRebalanceDelayMs, group.InitialDelayRemainingMs);
                group.InitialDelayRemainingMs -= extension;
                group.NewMemberAdded = false;
                group.JoinDeadlineMs = now + extension;
            }
            else
            {
                CompleteJoin(shard, group);
            }
        }
        if (group.State == ClassicGroupState.CompletingRebalance && group.SyncDeadlineMs <= now)
        {
            var laggards = group.Members.Where(m => m.PendingSync).ToList();
            foreach (var member in laggards)
            {
                RemoveMember(group, member, ErrorCode.UnknownMemberId);
            }
            group.SyncDeadlineMs = long.MaxValue;
            if (laggards.Count > 0)
            {
                AfterMembershipChange(shard, group);
            }
        }
        var expired = group.Members.Where(m => m.AwaitingJoin is null && m.AwaitingSync is null && m.HeartbeatDeadlineMs <= now).ToList();
        foreach (var member in expired)
        {
            RemoveMember(group, member, ErrorCode.UnknownMemberId);
        }
        if (expired.Count > 0)
        {
            AfterMembershipChange(shard, group);
        }
        TryCompleteJoin(shard, group);
        ScheduleNext(shard, group);
    }

    /// <summary>After members left: a stable group rebalances, a rebalancing one may now be complete.</summary>
    private void AfterMembershipChange(CoordinatorShard shard, ClassicGroup group)
    {
        switch (group.State)
        {
            case ClassicGroupState.Stable:
            case ClassicGroupState.CompletingRebalance:
                PrepareRebalance(shard, group);
                break;
            case ClassicGroupState.PreparingRebalance:
                if (group.IsEmpty && !group.InInitialDelay)
                {
                    CompleteJoin(shard, group);
                }
                break;
        }
        TryCompleteJoin(shard, group);
    }

    private static void RemoveMember(ClassicGroup group, ClassicGroupMember member, ErrorCode answer)
    {
        member.AwaitingJoin?.TrySetResult(JoinGroupResult.Failed(answer, member.MemberId));
        member.AwaitingJoin = null;
        member.AwaitingSync?.TrySetResult(SyncGroupResult.Failed(answer));
        member.AwaitingSync = null;
        group.Remove(member.MemberId);
    }

    private static void ScheduleNext(CoordinatorShard shard, ClassicGroup group)
    {
        long next = Math.Min(group.JoinDeadlineMs, group.State == ClassicGroupState.CompletingRebalance ? group.SyncDeadlineMs : long.MaxValue);
        foreach (var member in group.Members)
        {
            if (member.AwaitingJoin is null && member.AwaitingSync is null)
            {
                next = Math.Min(next, member.HeartbeatDeadlineMs);
            }
        }
        foreach (long pending in group.PendingMembers.Values)
        {
            next = Math.Min(next, pending);
        }
        shard.Schedule(group.GroupId, next);
    }

    /// <summary>A sign of life from a member: its session starts again.</summary>
    private static void Touch(CoordinatorShard shard, ClassicGroup group, ClassicGroupMember member)
    {
        member.HeartbeatDeadlineMs = shard.NowMs + member.SessionTimeoutMs;
        shard.Schedule(group.GroupId, member.HeartbeatDeadlineMs);
    }

    /// <summary>Writes the group's metadata record: generation, protocol, leader, members and assignments.</summary>
    private static Task<LogAppendInfo> Persist(CoordinatorShard shard, ClassicGroup group) =>
        shard.Append([CoordinatorRecord.GroupMetadata(group.GroupId, ClassicGroupRecords.ToValue(group, shard.NowMs))]);

    /// <summary>The answer once the write it depends on has landed; a failed write answers with <paramref name="onFailure"/>.</summary>
    private static async Task<T> AfterWrite<T>(Task<LogAppendInfo> write, T result, ErrorCode onFailure)
        where T : class
    {
        try
        {
            await write.ConfigureAwait(false);
            return result;
        }
#pragma warning disable CA1031 // Storage failures become a retriable coordinator error for the client.
        catch (Exception)
        {
            return result switch
            {
                JoinGroupResult join => (T)(object)JoinGroupResult.Failed(onFailure, join.MemberId),
                SyncGroupResult => (T)(object)SyncGroupResult.Failed(onFailure),
                _ => result,
            };
        }
#pragma warning restore CA1031
    }
}
