// OffsetFetch (key 9), versions 0-10, the versions Kafka 4 dropped included for older clients.
// The committed offset, leader epoch and metadata of each asked partition (-1 and "" when there is
// none), or every committed offset of the group when the topic list is null (v2+). v8+ asks for
// several groups at once, each with its own error; v10 names topics by id. Group-level errors go in
// the top-level error code (v2-7) or into every partition (v0-1). Offsets of open transactions are never
// shown; with require_stable (v7+) a partition that one holds an offset for answers UNSTABLE_OFFSET_COMMIT
// (the group's error stays NONE), as Kafka does.
// Authorization: DESCRIBE on the group (else GROUP_AUTHORIZATION_FAILED, where the group's error goes) and DESCRIBE on
// each topic: a topic asked for without it gets TOPIC_AUTHORIZATION_FAILED (offset -1) on its partitions, and the
// offsets of all topics (a null list) leave it out.
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Broker.Groups.Offsets;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Handlers;

public sealed class OffsetFetchHandler : ApiHandler<OffsetFetchRequest, OffsetFetchResponse>
{
    public override short ApiKey => OffsetFetchRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 10;

    protected override ValueTask<OffsetFetchResponse?> HandleAsync(RequestContext context, OffsetFetchRequest request, CancellationToken cancellationToken)
    {
        var response = new OffsetFetchResponse();
        if (context.ApiVersion >= 8)
        {
            foreach (var group in request.Groups)
            {
                var asked = group.Topics?.Select(t => (Name: TopicName(context, t.Name, t.TopicId), t.TopicId, t.PartitionIndexes)).ToList();
                response.Groups.Add(FetchGroup(context, group.GroupId, asked, group.MemberId, group.MemberEpoch, request.RequireStable));
            }
            return ValueTask.FromResult<OffsetFetchResponse?>(response);
        }
        var single = FetchGroup(context, request.GroupId, request.Topics?.Select(t => (t.Name, Guid.Empty, t.PartitionIndexes)).ToList(), null, -1,
            context.ApiVersion >= 7 && request.RequireStable);
        response.ErrorCode = single.ErrorCode;
        foreach (var topic in single.Topics)
        {
            var legacy = new OffsetFetchResponse.OffsetFetchResponseTopic { Name = topic.Name };
            foreach (var p in topic.Partitions)
            {
                legacy.Partitions.Add(new OffsetFetchResponse.OffsetFetchResponsePartition
                {
                    PartitionIndex = p.PartitionIndex,
                    CommittedOffset = p.CommittedOffset,
                    CommittedLeaderEpoch = p.CommittedLeaderEpoch,
                    Metadata = p.Metadata,
                    // Before v2 there is no top-level error: each partition carries the group's.
                    ErrorCode = context.ApiVersion < 2 && single.ErrorCode != 0 ? single.ErrorCode : p.ErrorCode,
                });
            }
            response.Topics.Add(legacy);
        }
        return ValueTask.FromResult<OffsetFetchResponse?>(response);
    }

    private static OffsetFetchResponse.OffsetFetchResponseGroup FetchGroup(RequestContext context, string groupId,
        List<(string Name, Guid TopicId, List<int> Partitions)>? asked, string? memberId, int memberEpoch, bool requireStable)
    {
        var result = new OffsetFetchResponse.OffsetFetchResponseGroup { GroupId = groupId };
        bool groupAllowed = context.AllowsGroup(AclOperation.Describe, groupId);
        var denied = groupAllowed ? asked?.Where(t => !context.AllowsTopic(AclOperation.Describe, t.Name)).ToList() : null;
        var wanted = asked?.SelectMany(t => t.Partitions.Select(p => new TopicPartitionKey(t.Name, p))).ToList();
        var allowedWanted = denied is { Count: > 0 } ? wanted!.Where(tp => !denied.Any(t => t.Name == tp.Topic)).ToList() : wanted;
        var (error, offsets) = !groupAllowed
            ? (ErrorCode.GroupAuthorizationFailed, [])
            : groupId.Length == 0
            ? (ErrorCode.InvalidGroupId, [])
            : allowedWanted is { Count: 0 } && wanted!.Count > 0
            ? (ErrorCode.None, [])
            : context.Broker.Groups.FetchOffsets(groupId, allowedWanted, memberId, memberEpoch, requireStable);
        if (error == ErrorCode.None && asked is null)
        {
            offsets = [.. offsets.Where(o => context.AllowsTopic(AclOperation.Describe, o.Partition.Topic, audit: false))];
        }
        else if (error == ErrorCode.None && denied is { Count: > 0 })
        {
            offsets = [.. offsets, .. denied.SelectMany(t => t.Partitions.Select(p => new FetchedOffset(new TopicPartitionKey(t.Name, p), null, ErrorCode.TopicAuthorizationFailed)))];
        }
        result.ErrorCode = (short)error;
        if (error != ErrorCode.None && context.ApiVersion >= 2)
        {
            return result;
        }
        var byTopic = new Dictionary<string, OffsetFetchResponse.OffsetFetchResponseTopics>(StringComparer.Ordinal);
        if (error != ErrorCode.None)
        {
            // v0-1: the partitions asked for, each answered with the group's error.
            offsets = wanted?.Select(tp => new FetchedOffset(tp, null, error)).ToList() ?? [];
        }
        foreach (var (tp, offset, partitionError) in offsets)
        {
            if (!byTopic.TryGetValue(tp.Topic, out var topic))
            {
                var id = asked?.FirstOrDefault(t => t.Name == tp.Topic).TopicId ?? Guid.Empty;
                topic = new OffsetFetchResponse.OffsetFetchResponseTopics
                {
                    Name = tp.Topic,
                    TopicId = id != Guid.Empty ? id : context.Broker.Topics.Find(tp.Topic)?.TopicId ?? Guid.Empty,
                };
                byTopic[tp.Topic] = topic;
                result.Topics.Add(topic);
            }
            topic.Partitions.Add(new OffsetFetchResponse.OffsetFetchResponsePartitions
            {
                PartitionIndex = tp.Partition,
                CommittedOffset = offset?.Offset ?? -1,
                CommittedLeaderEpoch = offset?.LeaderEpoch ?? -1,
                Metadata = offset?.Metadata ?? "",
                ErrorCode = (short)partitionError,
            });
        }
        return result;
    }

    /// <summary>v10 names topics by id; an unknown id has no offsets.</summary>
    private static string TopicName(RequestContext context, string name, Guid topicId) =>
        context.ApiVersion >= 10 ? context.Broker.Topics.Find(topicId)?.Name ?? topicId.ToString() : name;
}
