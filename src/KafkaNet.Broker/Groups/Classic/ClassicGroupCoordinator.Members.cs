using KafkaNet.Protocol;

namespace KafkaNet.Broker.Groups.Classic;

internal sealed partial class ClassicGroupCoordinator
{
    public Task<SyncGroupResult> Sync(CoordinatorShard shard, string groupId, string memberId, string? groupInstanceId, int generationId,
        string? protocolType, string? protocolName, IReadOnlyList<(string MemberId, byte[] Assignment)> assignments)
    {
        if (shard.Groups.GetValueOrDefault(groupId) is not ClassicGroup group)
        {
            return Task.FromResult(SyncGroupResult.Failed(ErrorCode.UnknownMemberId));
        }
        if (group.State == ClassicGroupState.Dead)
        {
            return Task.FromResult(SyncGroupResult.Failed(ErrorCode.CoordinatorNotAvailable));
        }
        var error = group.ValidateMember(memberId, groupInstanceId);
        if (error == ErrorCode.None && generationId != group.GenerationId)
        {
            error = ErrorCode.IllegalGeneration;
        }
        if (error == ErrorCode.None && ((protocolType is not null && protocolType != group.GroupProtocolType)
            || (protocolName is not null && protocolName != group.ProtocolName)))
        {
            error = ErrorCode.InconsistentGroupProtocol;
        }
        if (error != ErrorCode.None)
        {
            return Task.FromResult(SyncGroupResult.Failed(error));
        }
        var member = group.Find(memberId)!;
        switch (group.State)
        {
            case ClassicGroupState.PreparingRebalance:
                return Task.FromResult(SyncGroupResult.Failed(ErrorCode.RebalanceInProgress));
            case ClassicGroupState.CompletingRebalance:
                member.PendingSync = false;
                member.AwaitingSync?.TrySetResult(SyncGroupResult.Failed(ErrorCode.RebalanceInProgress));
                var awaiting = new TaskCompletionSource<SyncGroupResult>(TaskCreationOptions.RunContinuationsAsynchronously);
                member.AwaitingSync = awaiting;
                Touch(shard, group, member);
                if (group.IsLeader(memberId))
                {
                    CompleteSync(shard, group, assignments);
                }
                return awaiting.Task;
            case ClassicGroupState.Stable:
                member.PendingSync = false;
                Touch(shard, group, member);
                return Task.FromResult(new SyncGroupResult(ErrorCode.None, group.GroupProtocolType, group.ProtocolName, member.Assignment));
            default:
                return Task.FromResult(SyncGroupResult.Failed(ErrorCode.UnknownMemberId));
        }
    }

    /// <summary>
    /// The leader's assignment: stored with the group, then handed to every member. Members it leaves out
    /// get an empty assignment; assignments for ids that are not members are ignored, as Kafka does.
    /// </summary>
    private static void CompleteSync(CoordinatorShard shard, ClassicGroup group, IReadOnlyList<(string MemberId, byte[] Assignment)> assignments)
    {
        foreach (var member in group.Members)
        {
            member.Assignment = [];
        }
        foreach (var (memberId, assignment) in assignments)
        {
            if (group.Find(memberId) is { } member)
            {
                member.Assignment = assignment;
            }
        }
        var write = Persist(shard, group);
        group.SyncDeadlineMs = long.MaxValue;
        group.TransitionTo(ClassicGroupState.Stable, shard.NowMs);
        foreach (var member in group.Members)
        {
            if (member.AwaitingSync is { } waiter)
            {
                member.AwaitingSync = null;
                var result = new SyncGroupResult(ErrorCode.None, group.GroupProtocolType, group.ProtocolName, member.Assignment);
                _ = AnswerAfterWrite(write, waiter, result);
            }
        }
        ScheduleNext(shard, group);
    }

    private static async Task AnswerAfterWrite(Task<KafkaNet.Storage.LogAppendInfo> write, TaskCompletionSource<SyncGroupResult> waiter, SyncGroupResult result) =>
        waiter.TrySetResult(await AfterWrite(write, result, ErrorCode.CoordinatorNotAvailable).ConfigureAwait(false));

    public ErrorCode Heartbeat(CoordinatorShard shard, string groupId, string memberId, string? groupInstanceId, int generationId)
    {
        if (shard.Groups.GetValueOrDefault(groupId) is not ClassicGroup group)
        {
            return ErrorCode.UnknownMemberId;
        }
        if (group.State == ClassicGroupState.Dead)
        {
            return ErrorCode.CoordinatorNotAvailable;
        }
        var error = group.ValidateMember(memberId, groupInstanceId);
        if (error != ErrorCode.None)
        {
            return error;
        }
        if (generationId != group.GenerationId)
        {
            return ErrorCode.IllegalGeneration;
        }
        var member = group.Find(memberId)!;
        switch (group.State)
        {
            case ClassicGroupState.PreparingRebalance:
                Touch(shard, group, member);
                return ErrorCode.RebalanceInProgress;
            case ClassicGroupState.CompletingRebalance:
            case ClassicGroupState.Stable:
                Touch(shard, group, member);
                return ErrorCode.None;
            default:
                return ErrorCode.UnknownMemberId;
        }
    }

    /// <summary>One member of a LeaveGroup request: by member id, or by instance id for static members (v3+).</summary>
    public ErrorCode Leave(CoordinatorShard shard, string groupId, string memberId, string? groupInstanceId)
    {
        if (shard.Groups.GetValueOrDefault(groupId) is not ClassicGroup group)
        {
            return ErrorCode.UnknownMemberId;
        }
        if (group.State == ClassicGroupState.Dead)
        {
            return ErrorCode.CoordinatorNotAvailable;
        }
        if (groupInstanceId is null && group.PendingMembers.Remove(memberId))
        {
            TryCompleteJoin(shard, group);
            return ErrorCode.None;
        }
        string? target = memberId;
        if (groupInstanceId is not null)
        {
            target = group.StaticMemberId(groupInstanceId);
            if (target is null)
            {
                return ErrorCode.UnknownMemberId;
            }
            if (memberId.Length > 0 && memberId != target)
            {
                return ErrorCode.FencedInstanceId;
            }
        }
        if (group.Find(target) is not { } member)
        {
            return ErrorCode.UnknownMemberId;
        }
        RemoveMember(group, member, ErrorCode.UnknownMemberId);
        AfterMembershipChange(shard, group);
        ScheduleNext(shard, group);
        return ErrorCode.None;
    }
}
