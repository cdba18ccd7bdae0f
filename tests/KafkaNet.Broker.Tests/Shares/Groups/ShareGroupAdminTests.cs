using System.Collections.Concurrent;
using KafkaNet.Broker.Shares;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Shares.Groups;

/// <summary>ShareGroupDescribe, and share groups in ListGroups, DescribeGroups and DeleteGroups.</summary>
public sealed class ShareGroupAdminTests
{
    [Fact]
    public async Task Describe_shows_epochs_members_and_assignments_by_topic()
    {
        await using var node = await ShareGroupNode.StartAsync();
        var topicId = node.CreateTopic("sg-described", 2);
        var join = ShareGroupNode.Join("sg-describe", "member-a", "sg-described");
        join.RackId = "rack-1";
        await node.HeartbeatAsync(join);
        await node.HeartbeatAsync(ShareGroupNode.Join("sg-other", "member-z", "sg-described"));
        await node.SendAsync<ConsumerGroupHeartbeatResponse>(ConsumerGroupHeartbeatRequest.ApiKey, 1,
            new ConsumerGroupHeartbeatRequest { GroupId = "sg-consumer", MemberId = "c-1", MemberEpoch = 0, RebalanceTimeoutMs = 30000, SubscribedTopicNames = ["sg-described"], TopicPartitions = [] });

        var response = await node.SendAsync<ShareGroupDescribeResponse>(ShareGroupDescribeRequest.ApiKey, 1,
            new ShareGroupDescribeRequest { GroupIds = ["sg-describe", "sg-missing", "sg-consumer", ""], IncludeAuthorizedOperations = true });

        var group = response.Groups[0];
        Assert.Equal((0, "Stable", 1, 1, "simple"), (group.ErrorCode, group.GroupState, group.GroupEpoch, group.AssignmentEpoch, group.Assignor));
        Assert.NotEqual(int.MinValue, group.AuthorizedOperations);
        var member = Assert.Single(group.Members);
        Assert.Equal(("member-a", "rack-1", 1), (member.MemberId, member.RackId, member.MemberEpoch));
        Assert.Equal(["sg-described"], member.SubscribedTopicNames);
        Assert.Contains("127.0.0.1", member.ClientHost, StringComparison.Ordinal);
        var assigned = Assert.Single(member.Assignment.TopicPartitions);
        Assert.Equal((topicId, "sg-described"), (assigned.TopicId, assigned.Topic));
        Assert.Equal([0, 1], assigned.Partitions);
        Assert.Equal(((short)ErrorCode.GroupIdNotFound, "Group sg-missing not found.", "Dead"),
            (response.Groups[1].ErrorCode, response.Groups[1].ErrorMessage, response.Groups[1].GroupState));
        Assert.Equal(((short)ErrorCode.GroupIdNotFound, "Group sg-consumer is not a share group."), (response.Groups[2].ErrorCode, response.Groups[2].ErrorMessage));
        Assert.Equal((short)ErrorCode.InvalidGroupId, response.Groups[3].ErrorCode);
    }

    [Fact]
    public async Task ListGroups_shows_share_groups_with_their_type_and_state_and_filters_by_type()
    {
        await using var node = await ShareGroupNode.StartAsync();
        node.CreateTopic("sg-listed", 1);
        await node.HeartbeatAsync(ShareGroupNode.Join("sg-list-stable", "member-a", "sg-listed"));
        await node.HeartbeatAsync(ShareGroupNode.Join("sg-list-empty", "member-b", "sg-listed"));
        await node.LeaveAsync("sg-list-empty", "member-b");
        await node.SendAsync<ConsumerGroupHeartbeatResponse>(ConsumerGroupHeartbeatRequest.ApiKey, 1,
            new ConsumerGroupHeartbeatRequest { GroupId = "sg-list-consumer", MemberId = "c-1", MemberEpoch = 0, RebalanceTimeoutMs = 30000, SubscribedTopicNames = ["sg-listed"], TopicPartitions = [] });

        var all = await node.SendAsync<ListGroupsResponse>(ListGroupsRequest.ApiKey, 5, new ListGroupsRequest());
        var shares = await node.SendAsync<ListGroupsResponse>(ListGroupsRequest.ApiKey, 5, new ListGroupsRequest { TypesFilter = ["Share"] });
        var stableShares = await node.SendAsync<ListGroupsResponse>(ListGroupsRequest.ApiKey, 5,
            new ListGroupsRequest { TypesFilter = ["share"], StatesFilter = ["stable"] });

        Assert.Equal(
            ["sg-list-consumer consumer Stable consumer", "sg-list-empty share Empty share", "sg-list-stable share Stable share"],
            all.Groups.Select(Line).Order(StringComparer.Ordinal));
        Assert.Equal(["sg-list-empty share Empty share", "sg-list-stable share Stable share"], shares.Groups.Select(Line).Order(StringComparer.Ordinal));
        Assert.Equal(["sg-list-stable share Stable share"], stableShares.Groups.Select(Line));
    }

    [Fact]
    public async Task DescribeGroups_answers_a_share_group_as_not_a_classic_group()
    {
        await using var node = await ShareGroupNode.StartAsync();
        node.CreateTopic("sg-dg", 1);
        await node.HeartbeatAsync(ShareGroupNode.Join("sg-dg-group", "member-a", "sg-dg"));

        var response = await node.SendAsync<DescribeGroupsResponse>(DescribeGroupsRequest.ApiKey, 6, new DescribeGroupsRequest { Groups = ["sg-dg-group"] });

        var group = Assert.Single(response.Groups);
        Assert.Equal(((short)ErrorCode.GroupIdNotFound, "Dead"), (group.ErrorCode, group.GroupState));
    }

    [Fact]
    public async Task DeleteGroups_deletes_an_empty_share_group_with_its_share_state()
    {
        await using var node = await ShareGroupNode.StartAsync();
        var topicId = node.CreateTopic("sg-deleted", 2);
        var persister = new RecordingPersister();
        node.Kafka.Broker.ShareState = persister;
        await node.HeartbeatAsync(ShareGroupNode.Join("sg-delete", "member-a", "sg-deleted"));

        var busy = await DeleteAsync(node, "sg-delete");
        await node.LeaveAsync("sg-delete", "member-a");
        var deleted = await DeleteAsync(node, "sg-delete");
        var again = await DeleteAsync(node, "sg-delete");

        Assert.Equal((ErrorCode.NonEmptyGroup, ErrorCode.None, ErrorCode.GroupIdNotFound), (busy, deleted, again));
        Assert.Equal([new SharePartitionKey("sg-delete", topicId, 0), new SharePartitionKey("sg-delete", topicId, 1)],
            persister.Deleted.OrderBy(k => k.Partition));
        Assert.Equal((short)ErrorCode.GroupIdNotFound, (await node.DescribeAsync("sg-delete")).ErrorCode);

        await node.RestartAsync();
        Assert.Equal((short)ErrorCode.GroupIdNotFound, (await node.DescribeAsync("sg-delete")).ErrorCode);
        var fresh = await node.HeartbeatAsync(ShareGroupNode.Join("sg-delete", "member-b", "sg-deleted"));
        Assert.Equal((0, 1), (fresh.ErrorCode, fresh.MemberEpoch));
    }

    private static async Task<ErrorCode> DeleteAsync(ShareGroupNode node, string group)
    {
        var response = await node.SendAsync<DeleteGroupsResponse>(DeleteGroupsRequest.ApiKey, 2, new DeleteGroupsRequest { GroupsNames = [group] });
        return (ErrorCode)Assert.Single(response.Results).ErrorCode;
    }

    private static string Line(ListGroupsResponse.ListedGroup group) => $"{group.GroupId} {group.ProtocolType} {group.GroupState} {group.GroupType}";

    /// <summary>The in-memory persister, noting every partition whose state is deleted.</summary>
    private sealed class RecordingPersister : IShareStatePersister
    {
        private readonly InMemoryShareStatePersister _inner = new();

        public ConcurrentQueue<SharePartitionKey> Deleted { get; } = new();

        public Task<ErrorCode> InitializeAsync(SharePartitionKey key, int stateEpoch, long startOffset, CancellationToken cancellationToken) =>
            _inner.InitializeAsync(key, stateEpoch, startOffset, cancellationToken);

        public Task<ShareStateReadResult> ReadAsync(SharePartitionKey key, int leaderEpoch, CancellationToken cancellationToken) =>
            _inner.ReadAsync(key, leaderEpoch, cancellationToken);

        public Task<ErrorCode> WriteAsync(SharePartitionKey key, int stateEpoch, int leaderEpoch, long startOffset, IReadOnlyList<ShareStateBatch> stateBatches,
            CancellationToken cancellationToken) => _inner.WriteAsync(key, stateEpoch, leaderEpoch, startOffset, stateBatches, cancellationToken);

        public Task<ErrorCode> DeleteAsync(SharePartitionKey key, CancellationToken cancellationToken)
        {
            Deleted.Enqueue(key);
            return _inner.DeleteAsync(key, cancellationToken);
        }

        public Task<ShareStateSummary> ReadSummaryAsync(SharePartitionKey key, CancellationToken cancellationToken) =>
            _inner.ReadSummaryAsync(key, cancellationToken);
    }
}
