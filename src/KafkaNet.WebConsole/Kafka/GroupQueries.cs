using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.WebConsole.Dispatch;

namespace KafkaNet.WebConsole.Kafka;

/// <summary>Consumer groups as ListGroups, DescribeGroups and OffsetFetch tell them, and OffsetCommit to move their offsets.</summary>
internal static class GroupQueries
{
    private const short ListGroupsVersion = 4;
    private const short DescribeGroupsVersion = 5;
    // One group per request, topics by name.
    private const short OffsetFetchVersion = 7;
    private const short OffsetCommitVersion = 8;

    public static async Task<List<ListGroupsResponse.ListedGroup>> ListGroupsAsync(this BrokerRequests kafka, CancellationToken cancellationToken)
    {
        var response = await kafka.SendAsync<ListGroupsResponse>(ListGroupsRequest.ApiKey, ListGroupsVersion, new ListGroupsRequest(), cancellationToken)
            .ConfigureAwait(false);
        ConsoleApiException.ThrowIfError(response.ErrorCode, null, "groups");
        return response.Groups;
    }

    public static async Task<List<DescribeGroupsResponse.DescribedGroup>> DescribeGroupsAsync(this BrokerRequests kafka, IEnumerable<string> groupIds,
        CancellationToken cancellationToken)
    {
        var request = new DescribeGroupsRequest { Groups = groupIds.ToList() };
        if (request.Groups.Count == 0)
        {
            return [];
        }
        var response = await kafka.SendAsync<DescribeGroupsResponse>(DescribeGroupsRequest.ApiKey, DescribeGroupsVersion, request, cancellationToken)
            .ConfigureAwait(false);
        return response.Groups;
    }

    /// <summary>Describes one group, known or not (a group never used is Dead), once its coordinator is ready.</summary>
    public static async Task<DescribeGroupsResponse.DescribedGroup> DescribeGroupAsync(this BrokerRequests kafka, string groupId, CancellationToken cancellationToken)
    {
        await kafka.AwaitCoordinatorAsync(groupId, cancellationToken).ConfigureAwait(false);
        return await GroupCoordinator.RetryWhileLoadingAsync(async () =>
        {
            var group = (await kafka.DescribeGroupsAsync([groupId], cancellationToken).ConfigureAwait(false)).Single();
            ConsoleApiException.ThrowIfError(group.ErrorCode, group.ErrorMessage, groupId);
            return group;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The group's committed offset of every partition it has one for.</summary>
    public static Task<Dictionary<(string Topic, int Partition), long>> CommittedOffsetsAsync(this BrokerRequests kafka, string groupId,
        CancellationToken cancellationToken) =>
        GroupCoordinator.RetryWhileLoadingAsync(() => CommittedOffsetsOnceAsync(kafka, groupId, cancellationToken), cancellationToken);

    private static async Task<Dictionary<(string Topic, int Partition), long>> CommittedOffsetsOnceAsync(BrokerRequests kafka, string groupId,
        CancellationToken cancellationToken)
    {
        var request = new OffsetFetchRequest { GroupId = groupId, Topics = null };
        var response = await kafka.SendAsync<OffsetFetchResponse>(OffsetFetchRequest.ApiKey, OffsetFetchVersion, request, cancellationToken)
            .ConfigureAwait(false);
        ConsoleApiException.ThrowIfError(response.ErrorCode, null, groupId);
        var committed = new Dictionary<(string, int), long>();
        foreach (var topic in response.Topics)
        {
            foreach (var partition in topic.Partitions.Where(p => p.ErrorCode == 0 && p.CommittedOffset >= 0))
            {
                committed[(topic.Name, partition.PartitionIndex)] = partition.CommittedOffset;
            }
        }
        return committed;
    }

    /// <summary>Commits offsets for a group with no members, as an admin client does (no generation, no member id).</summary>
    public static Task CommitAsync(this BrokerRequests kafka, string groupId, IReadOnlyDictionary<(string Topic, int Partition), long> offsets,
        CancellationToken cancellationToken) =>
        GroupCoordinator.RetryWhileLoadingAsync(async () =>
        {
            await CommitOnceAsync(kafka, groupId, offsets, cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    private static async Task CommitOnceAsync(BrokerRequests kafka, string groupId, IReadOnlyDictionary<(string Topic, int Partition), long> offsets,
        CancellationToken cancellationToken)
    {
        var request = new OffsetCommitRequest { GroupId = groupId, GenerationIdOrMemberEpoch = -1, MemberId = "" };
        foreach (var byTopic in offsets.GroupBy(o => o.Key.Topic))
        {
            var topic = new OffsetCommitRequest.OffsetCommitRequestTopic { Name = byTopic.Key };
            topic.Partitions.AddRange(byTopic.Select(o => new OffsetCommitRequest.OffsetCommitRequestPartition
            {
                PartitionIndex = o.Key.Partition,
                CommittedOffset = o.Value,
                CommittedMetadata = "",
            }));
            request.Topics.Add(topic);
        }
        var response = await kafka.SendAsync<OffsetCommitResponse>(OffsetCommitRequest.ApiKey, OffsetCommitVersion, request, cancellationToken)
            .ConfigureAwait(false);
        foreach (var topic in response.Topics)
        {
            foreach (var partition in topic.Partitions)
            {
                ConsoleApiException.ThrowIfError(partition.ErrorCode, null, $"{groupId}: {topic.Name}-{partition.PartitionIndex}");
            }
        }
    }
}
