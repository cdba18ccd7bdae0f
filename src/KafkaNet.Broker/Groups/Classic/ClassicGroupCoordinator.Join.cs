using KafkaNet.Protocol;

namespace KafkaNet.Broker.Groups.Classic;

/// <summary>
/// The classic group protocol: Kafka's state machine (Empty, PreparingRebalance, CompletingRebalance,
/// Stable, Dead) driven by JoinGroup, SyncGroup, Heartbeat, LeaveGroup and the group's deadlines. Every
/// method runs under the shard's lock; answers that wait for other members are tasks.
/// </summary>
internal sealed partial class ClassicGroupCoordinator
{
    private readonly GroupCoordinatorOptions _options;

    public ClassicGroupCoordinator(GroupCoordinatorOptions options)
    {
        _options = options;
    }

    public Task<JoinGroupResult> Join(CoordinatorShard shard, ClassicJoinRequest request)
    {
        if (request.SessionTimeoutMs < _options.GroupMinSessionTimeoutMs || request.SessionTimeoutMs > _options.GroupMaxSessionTimeoutMs)
        {
            return Done(JoinGroupResult.Failed(ErrorCode.InvalidSessionTimeout, request.MemberId));
        }
        bool unknownMember = request.MemberId.Length == 0;
        var existing = shard.Groups.GetValueOrDefault(request.GroupId);
        if (existing is Consumer.ConsumerGroup { IsEmpty: true } emptyConsumerGroup)
        {
            // An empty consumer group becomes a classic one when a classic member joins, as in Kafka.
            _ = Consumer.ConsumerGroupCoordinator.DeleteEmptyGroup(shard, emptyConsumerGroup);
            existing = null;
        }
        if (existing is not null and not ClassicGroup)
        {
            // A KIP-848 group with members cannot take classic members here.
            return Done(JoinGroupResult.Failed(ErrorCode.InconsistentGroupProtocol, request.MemberId));
        }
        var group = (ClassicGroup?)existing;
        if (group is null)
        {
            if (!unknownMember)
            {
                return Done(JoinGroupResult.Failed(ErrorCode.UnknownMemberId, request.MemberId));
            }
            group = new ClassicGroup(request.GroupId, shard.NowMs);
            shard.Groups[request.GroupId] = group;
        }
        if (!unknownMember && !group.Has(request.MemberId) && !group.PendingMembers.ContainsKey(request.MemberId)
            && (request.GroupInstanceId is null || group.StaticMemberId(request.GroupInstanceId) is null))
        {
            return Done(JoinGroupResult.Failed(ErrorCode.UnknownMemberId, request.MemberId));
        }
        bool isNewMember = unknownMember || !group.Has(request.MemberId);
        bool rejoiningStatic = request.GroupInstanceId is not null && group.StaticMemberId(request.GroupInstanceId) is not null;
        if (isNewMember && !rejoiningStatic && group.MemberCount + group.PendingMembers.Count >= _options.GroupMaxSize
            && !group.PendingMembers.ContainsKey(request.MemberId))
        {
            return Done(JoinGroupResult.Failed(ErrorCode.GroupMaxSizeReached, request.MemberId));
        }
        var result = unknownMember ? JoinUnknownMember(shard, group, request) : JoinKnownMember(shard, group, request);
        RemoveIfDeadAndEmpty(shard, group);
        return result;
    }

    private Task<JoinGroupResult> JoinUnknownMember(CoordinatorShard shard, ClassicGroup group, ClassicJoinRequest request)
    {
        if (group.State == ClassicGroupState.Dead)
        {
            return Done(JoinGroupResult.Failed(ErrorCode.CoordinatorNotAvailable));
        }
        if (!group.SupportsProtocols(request.ProtocolType, request.Protocols))
        {
            return Done(JoinGroupResult.Failed(ErrorCode.InconsistentGroupProtocol));
        }
        string newMemberId = NewMemberId(request.GroupInstanceId ?? request.ClientId);
        if (request.GroupInstanceId is { } instanceId)
        {
            return group.StaticMemberId(instanceId) is { } oldMemberId
                ? ReplaceStaticMember(shard, group, request, oldMemberId, newMemberId)
                : AddMemberAndRebalance(shard, group, request, newMemberId);
        }
        if (request.RequireKnownMemberId)
        {
            // KIP-394: the member must come back with this id; until then it holds a place for a session.
            long deadline = shard.NowMs + request.SessionTimeoutMs;
            group.PendingMembers[newMemberId] = deadline;
            shard.Schedule(group.GroupId, deadline);
            return Done(JoinGroupResult.Failed(ErrorCode.MemberIdRequired, newMemberId));
        }
        return AddMemberAndRebalance(shard, group, request, newMemberId);
    }

    private Task<JoinGroupResult> JoinKnownMember(CoordinatorShard shard, ClassicGroup group, ClassicJoinRequest request)
    {
        if (group.PendingMembers.Remove(request.MemberId))
        {
            if (!group.SupportsProtocols(request.ProtocolType, request.Protocols))
            {
                return Done(JoinGroupResult.Failed(ErrorCode.InconsistentGroupProtocol, request.MemberId));
            }
            return AddMemberAndRebalance(shard, group, request, request.MemberId);
        }
        if (group.State == ClassicGroupState.Dead)
        {
            return Done(JoinGroupResult.Failed(ErrorCode.CoordinatorNotAvailable, request.MemberId));
        }
        var memberError = group.ValidateMember(request.MemberId, request.GroupInstanceId);
        if (memberError != ErrorCode.None)
        {
            return Done(JoinGroupResult.Failed(memberError, request.MemberId));
        }
        if (!group.SupportsProtocols(request.ProtocolType, request.Protocols))
        {
            return Done(JoinGroupResult.Failed(ErrorCode.InconsistentGroupProtocol, request.MemberId));
        }
        var member = group.Find(request.MemberId)!;
        switch (group.State)
        {
            case ClassicGroupState.PreparingRebalance:
                return UpdateMemberAndRebalance(shard, group, member, request);
            case ClassicGroupState.CompletingRebalance:
                // A member that lost the join answer asks again: the same metadata gets the same answer.
                if (member.HasSameProtocols(request.Protocols))
                {
                    Touch(shard, group, member);
                    return Done(CurrentGenerationResult(group, member.MemberId, includeMembers: group.IsLeader(member.MemberId)));
                }
                return UpdateMemberAndRebalance(shard, group, member, request);
            case ClassicGroupState.Stable:
                if (group.IsLeader(member.MemberId) || !member.HasSameProtocols(request.Protocols))
                {
                    return UpdateMemberAndRebalance(shard, group, member, request);
                }
                Touch(shard, group, member);
                return Done(CurrentGenerationResult(group, member.MemberId, includeMembers: false));
            default:
                return Done(JoinGroupResult.Failed(ErrorCode.UnknownMemberId, request.MemberId));
        }
    }

    private Task<JoinGroupResult> AddMemberAndRebalance(CoordinatorShard shard, ClassicGroup group, ClassicJoinRequest request, string memberId)
    {
        var member = new ClassicGroupMember(memberId, request.GroupInstanceId, request.ClientId, request.ClientHost,
            request.RebalanceTimeoutMs, request.SessionTimeoutMs, request.ProtocolType, request.Protocols);
        var awaiting = NewJoinWaiter();
        member.AwaitingJoin = awaiting;
        member.HeartbeatDeadlineMs = shard.NowMs + request.SessionTimeoutMs;
        if (group.State == ClassicGroupState.PreparingRebalance && group.GenerationId == 0)
        {
            group.NewMemberAdded = true;
        }
        group.Add(member);
        MaybePrepareRebalance(shard, group);
        TryCompleteJoin(shard, group);
        return awaiting.Task;
    }

    private Task<JoinGroupResult> UpdateMemberAndRebalance(CoordinatorShard shard, ClassicGroup group, ClassicGroupMember member, ClassicJoinRequest request)
    {
        member.Protocols = request.Protocols;
        member.RebalanceTimeoutMs = request.RebalanceTimeoutMs;
        member.SessionTimeoutMs = request.SessionTimeoutMs;
        member.ClientId = request.ClientId;
        member.ClientHost = request.ClientHost;
        // A second JoinGroup from the same member replaces the first, which is answered as superseded.
        member.AwaitingJoin?.TrySetResult(JoinGroupResult.Failed(ErrorCode.RebalanceInProgress, member.MemberId));
        var awaiting = NewJoinWaiter();
        member.AwaitingJoin = awaiting;
        Touch(shard, group, member);
        MaybePrepareRebalance(shard, group);
        TryCompleteJoin(shard, group);
        return awaiting.Task;
    }

    /// <summary>
    /// KIP-345: a static member that restarts takes over its old identity. A stable group whose chosen
    /// protocol stays the same does not rebalance: the member gets the current generation back.
    /// </summary>
    private Task<JoinGroupResult> ReplaceStaticMember(CoordinatorShard shard, ClassicGroup group, ClassicJoinRequest request, string oldMemberId, string newMemberId)
    {
        var old = group.Find(oldMemberId)!;
        // The old incarnation's pending calls are answered as fenced.
        old.AwaitingJoin?.TrySetResult(JoinGroupResult.Failed(ErrorCode.FencedInstanceId, oldMemberId));
        old.AwaitingJoin = null;
        old.AwaitingSync?.TrySetResult(SyncGroupResult.Failed(ErrorCode.FencedInstanceId));
        old.AwaitingSync = null;
        string? previousLeader = group.LeaderId;
        var member = group.ReplaceStaticMember(request.GroupInstanceId!, oldMemberId, newMemberId);
        var previousProtocols = member.Protocols;
        member.Protocols = request.Protocols;
        member.RebalanceTimeoutMs = request.RebalanceTimeoutMs;
        member.SessionTimeoutMs = request.SessionTimeoutMs;
        member.ClientId = request.ClientId;
        member.ClientHost = request.ClientHost;
        Touch(shard, group, member);
        switch (group.State)
        {
            case ClassicGroupState.Stable when group.ProtocolName == group.SelectProtocol():
                var append = Persist(shard, group);
                bool leaderSkips = group.IsLeader(newMemberId) && request.SupportsSkipAssignment;
                var result = leaderSkips
                    ? CurrentGenerationResult(group, newMemberId, includeMembers: true) with { SkipAssignment = true }
                    : CurrentGenerationResult(group, newMemberId, includeMembers: false) with { LeaderId = previousLeader == oldMemberId ? oldMemberId : previousLeader ?? "" };
                return AfterWrite(append, result, ErrorCode.CoordinatorNotAvailable);
            case ClassicGroupState.Stable:
            case ClassicGroupState.CompletingRebalance:
                var awaiting = NewJoinWaiter();
                member.AwaitingJoin = awaiting;
                PrepareRebalance(shard, group);
                return awaiting.Task;
            default:
                member.Protocols = request.Protocols.Count > 0 ? request.Protocols : previousProtocols;
                var waiting = NewJoinWaiter();
                member.AwaitingJoin = waiting;
                TryCompleteJoin(shard, group);
                return waiting.Task;
        }
    }

    private static JoinGroupResult CurrentGenerationResult(ClassicGroup group, string memberId, bool includeMembers) =>
        new(ErrorCode.None, memberId, group.GenerationId, group.GroupProtocolType, group.ProtocolName, group.LeaderId ?? "",
            Members: includeMembers ? MemberList(group) : []);

    private static List<JoinGroupResult.Member> MemberList(ClassicGroup group) =>
        group.Members.Select(m => new JoinGroupResult.Member(m.MemberId, m.GroupInstanceId, m.MetadataFor(group.ProtocolName!) ?? [])).ToList();

    private static string NewMemberId(string prefix) => prefix + "-" + Guid.NewGuid().ToString("D");

    private static TaskCompletionSource<JoinGroupResult> NewJoinWaiter() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static Task<JoinGroupResult> Done(JoinGroupResult result) => Task.FromResult(result);

    private static void RemoveIfDeadAndEmpty(CoordinatorShard shard, ClassicGroup group)
    {
        if (group.IsEmpty && group.PendingMembers.Count == 0 && group.State == ClassicGroupState.Empty && group.GenerationId == 0
            && !shard.Offsets.HasOffsets(group.GroupId))
        {
            // A group created by a join that was refused leaves nothing behind.
            shard.Groups.Remove(group.GroupId);
        }
    }
}
