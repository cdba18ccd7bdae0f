using KafkaNet.Broker.Groups.Records;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.Storage;

namespace KafkaNet.Broker.Groups.Consumer;

/// <summary>
/// The KIP-848 consumer group protocol: ConsumerGroupHeartbeat joins, updates, reconciles and
/// removes members; the group epoch moves when subscriptions or the subscribed topics change; the
/// target assignment is computed by the group's server-side assignor; deadlines fence members that
/// stop heartbeating or do not revoke in time. Every method runs under the shard's lock. A request
/// first checks everything that can fail, then writes its records and applies them through
/// <see cref="ConsumerGroupReplay"/>, the code that also loads groups.
/// </summary>
internal sealed partial class ConsumerGroupCoordinator
{
    public const int LeaveEpoch = -1;
    public const int StaticLeaveEpoch = -2;

    // A regular expression is matched against the topics again when its resolution is older than this.
    private const long RegexRefreshIntervalMs = 10_000;

    private readonly GroupCoordinatorOptions _options;
    private readonly TopicRegistry _topics;
    private readonly Action<CoordinatorShard, CoordinatorRecord> _replay;
    private readonly RegistryTopicDescriber _describer;

    /// <param name="options">The coordinator's settings.</param>
    /// <param name="topics">The broker's topics, which subscriptions resolve against.</param>
    /// <param name="replay">Applies any record of __consumer_offsets, as loading does.</param>
    public ConsumerGroupCoordinator(GroupCoordinatorOptions options, TopicRegistry topics, Action<CoordinatorShard, CoordinatorRecord> replay)
    {
        _options = options;
        _topics = topics;
        _replay = replay;
        _describer = new RegistryTopicDescriber(topics);
    }

    private static Task<LogAppendInfo> NoWrite => Task.FromResult(default(LogAppendInfo));

    /// <summary>One ConsumerGroupHeartbeat: the response, and the write to await before sending it.</summary>
    /// <param name="mayDescribeTopic">The topics a regular expression this heartbeat resolves may match (null: all).</param>
    public (ConsumerGroupHeartbeatResponse Response, Task<LogAppendInfo> Write) Heartbeat(
        CoordinatorShard shard, ConsumerGroupHeartbeatRequest request, short version, string clientId, string clientHost,
        Func<string, bool>? mayDescribeTopic = null)
    {
        try
        {
            Validate(request, version);
            return request.MemberEpoch is LeaveEpoch or StaticLeaveEpoch
                ? Leave(shard, request)
                : JoinOrUpdate(shard, request, version, clientId, clientHost, mayDescribeTopic);
        }
        catch (ConsumerGroupException e)
        {
            return (Failed(e.ErrorCode, e.Message), NoWrite);
        }
    }

    public static ConsumerGroupHeartbeatResponse Failed(ErrorCode error, string? message) =>
        new() { ErrorCode = (short)error, ErrorMessage = message };

    /// <summary>The request checks Kafka makes before looking at the group.</summary>
    private void Validate(ConsumerGroupHeartbeatRequest request, short version)
    {
        // v1 (KIP-1082): members choose their own id and send it from the first heartbeat on.
        if ((version >= 1 || request.MemberEpoch > 0 || request.MemberEpoch == LeaveEpoch) && request.MemberId.Length == 0)
        {
            throw Invalid("MemberId can't be empty.");
        }
        if (request.GroupId.Length == 0)
        {
            throw Invalid("GroupId can't be empty.");
        }
        if (request.InstanceId is { Length: 0 })
        {
            throw Invalid("InstanceId can't be empty.");
        }
        if (request.RackId is { Length: 0 })
        {
            throw Invalid("RackId can't be empty.");
        }
        if (request.MemberEpoch == 0)
        {
            if (request.RebalanceTimeoutMs == -1)
            {
                throw Invalid("RebalanceTimeoutMs must be provided in first request.");
            }
            if (request.TopicPartitions is null or { Count: > 0 })
            {
                throw Invalid("TopicPartitions must be empty when (re-)joining.");
            }
            if (request.SubscribedTopicNames is null && request.SubscribedTopicRegex is null)
            {
                throw Invalid("Either SubscribedTopicNames or SubscribedTopicRegex must be non-null when (re-)joining.");
            }
        }
        else if (request.MemberEpoch == StaticLeaveEpoch && request.InstanceId is null)
        {
            throw Invalid("InstanceId can't be null.");
        }
        else if (request.MemberEpoch < StaticLeaveEpoch)
        {
            throw Invalid("MemberEpoch is invalid.");
        }
        if (request.ServerAssignor is { } assignor && !_options.ConsumerGroupAssignors.Contains(assignor))
        {
            throw new ConsumerGroupException(ErrorCode.UnsupportedAssignor,
                $"ServerAssignor {assignor} is not supported. Supported assignors: {string.Join(", ", _options.ConsumerGroupAssignors)}.");
        }
    }

    private static ConsumerGroupException Invalid(string message) => new(ErrorCode.InvalidRequest, message);

    private static ConsumerGroupException GroupNotFound(string groupId, bool exists) =>
        new(ErrorCode.GroupIdNotFound, exists ? $"Group {groupId} is not a consumer group." : $"Group {groupId} not found.");

    /// <summary>Applies the records as loading would, and writes them in one batch.</summary>
    private Task<LogAppendInfo> Commit(CoordinatorShard shard, List<CoordinatorRecord> records)
    {
        foreach (var record in records)
        {
            _replay(shard, record);
        }
        return shard.Append(records);
    }

    /// <summary>Applies and collects records as a request produces them, so later steps see earlier ones.</summary>
    private void Apply(CoordinatorShard shard, List<CoordinatorRecord> written, CoordinatorRecord record)
    {
        _replay(shard, record);
        written.Add(record);
    }

    /// <summary>Asks the shard to wake the group at its earliest session or rebalance deadline.</summary>
    internal static void ScheduleNext(CoordinatorShard shard, ConsumerGroup group)
    {
        long next = long.MaxValue;
        foreach (long due in group.SessionDeadlines.Values)
        {
            next = Math.Min(next, due);
        }
        foreach (var (due, _) in group.RebalanceDeadlines.Values)
        {
            next = Math.Min(next, due);
        }
        shard.Schedule(group.GroupId, next);
    }

    /// <summary>Deletes an empty group, for a classic member joining or an administrator; returns the write.</summary>
    internal static Task<LogAppendInfo> DeleteEmptyGroup(CoordinatorShard shard, ConsumerGroup group)
    {
        var write = shard.Append(ConsumerGroupRecords.GroupTombstones(group));
        group.IsDeleted = true;
        shard.Groups.Remove(group.GroupId);
        return write;
    }

    /// <summary>The ids of the existing topics a member subscribes to.</summary>
    private HashSet<Guid> SubscribedTopicIds(ConsumerGroup group, ConsumerGroupMember member)
    {
        var ids = new HashSet<Guid>();
        foreach (string name in group.SubscribedTopicNamesOf(member))
        {
            if (_topics.Find(name) is { } topic)
            {
                ids.Add(topic.TopicId);
            }
        }
        return ids;
    }

    private static string NewMemberId()
    {
        // Kafka's Uuid.toString(): URL-safe base64 of 16 random bytes, without padding.
        return Convert.ToBase64String(Guid.NewGuid().ToByteArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
