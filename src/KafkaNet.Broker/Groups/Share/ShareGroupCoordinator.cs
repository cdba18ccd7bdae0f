using KafkaNet.Broker.Groups.Records;
using KafkaNet.Broker.Shares.Assignment;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.Storage;

namespace KafkaNet.Broker.Groups.Share;

/// <summary>
/// Share groups (KIP-932) in the group coordinator: ShareGroupHeartbeat and ShareGroupDescribe, session expiry, and
/// the records that keep the groups across restarts. <see cref="ShareGroup"/> decides membership and assignment;
/// this class finds the group, gives it the current topics and settings, and writes the records of what changed.
/// Every method runs under the shard's lock.
/// </summary>
internal sealed class ShareGroupCoordinator(TopicRegistry topics, Func<string, ShareGroupConfig> configOf)
{
    /// <summary>Raised, under the shard's lock, with (group id, member id) when a member leaves or its session runs out.</summary>
    public event Action<string, string>? MemberLeft;

    public ShareGroupConfig ConfigOf(string groupId) => configOf(groupId);

    /// <summary>One ShareGroupHeartbeat: the response, and the write to await before sending it.</summary>
    public (ShareGroupHeartbeatResponse Response, Task<LogAppendInfo> Write) Heartbeat(
        CoordinatorShard shard, ShareGroupHeartbeatRequest request, string clientId, string clientHost)
    {
        var heartbeat = new ShareGroupHeartbeat(request.MemberId, request.MemberEpoch, request.RackId, request.SubscribedTopicNames);
        try
        {
            if (request.GroupId.Length == 0)
            {
                throw new ShareGroupException(ErrorCode.InvalidRequest, "GroupId can't be empty.");
            }
            ShareGroupHeartbeatValidation.ThrowIfInvalid(heartbeat);
        }
        catch (ShareGroupException invalid)
        {
            return (Failed(invalid.Error, invalid.Message), NoWrite);
        }
        var existing = shard.Groups.GetValueOrDefault(request.GroupId);
        if (existing is not null and not ShareGroup)
        {
            return (Failed(ErrorCode.GroupIdNotFound, $"Group {request.GroupId} is not a share group."), NoWrite);
        }
        if (existing is null && request.MemberEpoch != ShareGroupHeartbeat.JoinEpoch)
        {
            return (Failed(ErrorCode.GroupIdNotFound, $"Share group {request.GroupId} not found."), NoWrite);
        }
        var group = (ShareGroup?)existing ?? new ShareGroup(request.GroupId, configOf(request.GroupId));
        var before = existing is null ? ShareGroupImage.None : ShareGroupImage.Of(group);
        group.Config = configOf(request.GroupId);
        group.UpdateTopics(AssignableTopics());
        var answer = group.Heartbeat(heartbeat, shard.NowMs);
        if (answer.Error == ErrorCode.None && group.FindMember(request.MemberId) is { } member)
        {
            member.ClientId = clientId;
            member.ClientHost = clientHost;
            group.TrackAssignedPartitions();
        }
        if (existing is null)
        {
            if (answer.Error != ErrorCode.None)
            {
                return (ToResponse(answer), NoWrite);
            }
            shard.Groups[group.GroupId] = group;
        }
        var write = shard.Append(ShareGroupRecords.Changes(group, before, TopicName));
        if (answer.Error == ErrorCode.None && request.MemberEpoch == ShareGroupHeartbeat.LeaveEpoch)
        {
            MemberLeft?.Invoke(group.GroupId, request.MemberId);
        }
        ScheduleNext(shard, group);
        return (ToResponse(answer), write);
    }

    /// <summary>Fences the members of the group whose sessions ran out by <paramref name="nowMs"/>.</summary>
    public void OnDeadline(CoordinatorShard shard, ShareGroup group, long nowMs)
    {
        var before = ShareGroupImage.Of(group);
        group.UpdateTopics(AssignableTopics());
        var expired = group.ExpireSessions(nowMs);
        // A failed write is repaired by the next change: records always describe the whole difference.
        _ = shard.Append(ShareGroupRecords.Changes(group, before, TopicName));
        foreach (string memberId in expired)
        {
            MemberLeft?.Invoke(group.GroupId, memberId);
        }
        ScheduleNext(shard, group);
    }

    /// <summary>Asks the shard to wake the group at its earliest session deadline.</summary>
    public static void ScheduleNext(CoordinatorShard shard, ShareGroup group)
    {
        if (group.Members.Count > 0)
        {
            shard.Schedule(group.GroupId, group.Members.Min(m => m.SessionDeadlineMs));
        }
    }

    /// <summary>ShareGroupDescribe of one group: epochs, assignor, and each member's subscription and assignment.</summary>
    public ShareGroupDescribeResponse.Group Describe(CoordinatorShard shard, string groupId)
    {
        var existing = shard.Groups.GetValueOrDefault(groupId);
        if (existing is not ShareGroup group)
        {
            return new ShareGroupDescribeResponse.Group
            {
                GroupId = groupId,
                ErrorCode = (short)ErrorCode.GroupIdNotFound,
                ErrorMessage = existing is null ? $"Group {groupId} not found." : $"Group {groupId} is not a share group.",
                GroupState = "Dead",
                Assignor = "",
            };
        }
        var described = new ShareGroupDescribeResponse.Group
        {
            GroupId = groupId,
            ErrorMessage = null,
            GroupState = group.StateName,
            GroupEpoch = group.GroupEpoch,
            AssignmentEpoch = group.AssignmentEpoch,
            Assignor = "simple",
        };
        foreach (var member in group.Members.OrderBy(m => m.MemberId, StringComparer.Ordinal))
        {
            var assignment = new ShareGroupDescribeResponse.Assignment();
            foreach (var topic in member.AssignedPartitions.GroupBy(p => p.TopicId).OrderBy(g => g.Key))
            {
                // Partitions of a topic deleted since are left out, as Kafka does.
                if (topics.Find(topic.Key) is { } info)
                {
                    assignment.TopicPartitions.Add(new ShareGroupDescribeResponse.TopicPartition
                    {
                        TopicId = topic.Key,
                        Topic = info.Name,
                        Partitions = [.. topic.Select(p => p.Partition).Order()],
                    });
                }
            }
            described.Members.Add(new ShareGroupDescribeResponse.Member
            {
                MemberId = member.MemberId,
                RackId = member.RackId,
                MemberEpoch = member.MemberEpoch,
                ClientId = member.ClientId,
                ClientHost = member.ClientHost,
                SubscribedTopicNames = [.. member.SubscribedTopicNames],
                Assignment = assignment,
            });
        }
        return described;
    }

    public static ShareGroupHeartbeatResponse Failed(ErrorCode error, string? message) =>
        new() { ErrorCode = (short)error, ErrorMessage = message, MemberId = null, Assignment = null };

    private static Task<LogAppendInfo> NoWrite => Task.FromResult(default(LogAppendInfo));

    private string? TopicName(Guid topicId) => topics.Find(topicId)?.Name;

    private List<ShareAssignableTopic> AssignableTopics() =>
        topics.Topics.Where(t => !TopicNames.IsInternal(t.Name)).Select(t => new ShareAssignableTopic(t.Name, t.TopicId, t.PartitionCount)).ToList();

    private static ShareGroupHeartbeatResponse ToResponse(ShareGroupHeartbeatAnswer answer)
    {
        var response = new ShareGroupHeartbeatResponse
        {
            ErrorCode = (short)answer.Error,
            ErrorMessage = answer.ErrorMessage,
            MemberId = answer.MemberId,
            MemberEpoch = answer.MemberEpoch,
            HeartbeatIntervalMs = answer.HeartbeatIntervalMs,
            Assignment = null,
        };
        if (answer.Assignment is { } assignment)
        {
            response.Assignment = new ShareGroupHeartbeatResponse.AssignmentData();
            foreach (var topic in assignment)
            {
                response.Assignment.TopicPartitions.Add(new ShareGroupHeartbeatResponse.TopicPartition { TopicId = topic.TopicId, Partitions = [.. topic.Partitions] });
            }
        }
        return response;
    }
}
