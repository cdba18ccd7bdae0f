using KafkaNet.Broker.Tests.Network;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Groups.Wire;

/// <summary>Group administration and the newest offset versions over the wire.</summary>
public sealed class GroupAdminWireTests
{
    [Fact]
    public async Task OffsetFetch_v8_answers_several_groups_and_v10_names_topics_by_id()
    {
        await using var kafka = await GroupWire.StartAsync();
        var topic = kafka.CreateTopic(new TopicSpec("by-id", 1, 1, [])).Topic!;
        using var session = await WireSession.OpenAsync(kafka.Port);
        await GroupWire.FindCoordinatorAsync(session, "a");
        await kafka.Broker.Groups.CommitOffsetsAsync("a", "", null, -1, null, 8, [new("by-id", Guid.Empty, 0, 11, -1, "x", true)]);

        var batched = await session.SendAsync<OffsetFetchResponse>(OffsetFetchRequest.ApiKey, 8, new OffsetFetchRequest
        {
            Groups =
            [
                new OffsetFetchRequest.OffsetFetchRequestGroup { GroupId = "a", Topics = null },
                new OffsetFetchRequest.OffsetFetchRequestGroup { GroupId = "b", Topics = [new() { Name = "by-id", PartitionIndexes = [0] }] },
            ],
        }, flexible: true);
        var byId = await session.SendAsync<OffsetFetchResponse>(OffsetFetchRequest.ApiKey, 10, new OffsetFetchRequest
        {
            Groups = [new OffsetFetchRequest.OffsetFetchRequestGroup { GroupId = "a", Topics = [new() { TopicId = topic.TopicId, PartitionIndexes = [0] }] }],
        }, flexible: true);

        var a = batched.Groups.Single(g => g.GroupId == "a");
        var b = batched.Groups.Single(g => g.GroupId == "b");
        Assert.Equal((11L, "x"), (a.Topics.Single().Partitions.Single().CommittedOffset, a.Topics.Single().Partitions.Single().Metadata));
        Assert.Equal(-1L, b.Topics.Single().Partitions.Single().CommittedOffset);
        var viaId = byId.Groups.Single().Topics.Single();
        Assert.Equal(topic.TopicId, viaId.TopicId);
        Assert.Equal(11L, viaId.Partitions.Single().CommittedOffset);
    }

    [Fact]
    public async Task Unknown_groups_are_Dead_before_DescribeGroups_v6_and_not_found_from_it()
    {
        await using var kafka = await GroupWire.StartAsync();
        using var session = await WireSession.OpenAsync(kafka.Port);
        await GroupWire.FindCoordinatorAsync(session, "nobody");

        var v5 = await session.SendAsync<DescribeGroupsResponse>(DescribeGroupsRequest.ApiKey, 5, new DescribeGroupsRequest { Groups = ["nobody"] }, flexible: true);
        var v6 = await session.SendAsync<DescribeGroupsResponse>(DescribeGroupsRequest.ApiKey, 6, new DescribeGroupsRequest { Groups = ["nobody"] }, flexible: true);

        Assert.Equal((0, "Dead"), (v5.Groups.Single().ErrorCode, v5.Groups.Single().GroupState));
        Assert.Equal((short)ErrorCode.GroupIdNotFound, v6.Groups.Single().ErrorCode);
    }

    [Fact]
    public async Task ListGroups_filters_by_state_and_type_and_DeleteGroups_refuses_groups_in_use()
    {
        await using var kafka = await GroupWire.StartAsync();
        kafka.CreateTopic(new TopicSpec("t", 1, 1, []));
        using var session = await WireSession.OpenAsync(kafka.Port);
        await GroupWire.FindCoordinatorAsync(session, "active");
        var join = await GroupWire.JoinAsync(session, 3, GroupWire.Join("active"));
        await GroupWire.SyncAsync(session, 3, "active", join.MemberId, join.GenerationId, (join.MemberId, [0]));
        await kafka.Broker.Groups.CommitOffsetsAsync("idle", "", null, -1, null, 8, [new("t", Guid.Empty, 0, 1, -1, "", true)]);

        var stable = await session.SendAsync<ListGroupsResponse>(ListGroupsRequest.ApiKey, 5, new ListGroupsRequest { StatesFilter = ["stable"] }, flexible: true);
        var classic = await session.SendAsync<ListGroupsResponse>(ListGroupsRequest.ApiKey, 5, new ListGroupsRequest { TypesFilter = ["Classic"] }, flexible: true);
        var consumer = await session.SendAsync<ListGroupsResponse>(ListGroupsRequest.ApiKey, 5, new ListGroupsRequest { TypesFilter = ["consumer"] }, flexible: true);
        Assert.Equal(["active"], stable.Groups.Select(g => g.GroupId));
        Assert.Equal(["active", "idle"], classic.Groups.Select(g => g.GroupId).Order());
        Assert.Empty(consumer.Groups);

        var deleted = await session.SendAsync<DeleteGroupsResponse>(DeleteGroupsRequest.ApiKey, 2,
            new DeleteGroupsRequest { GroupsNames = ["active", "idle", "never"] }, flexible: true);
        var errors = deleted.Results.ToDictionary(r => r.GroupId, r => (ErrorCode)r.ErrorCode);
        Assert.Equal(ErrorCode.NonEmptyGroup, errors["active"]);
        Assert.Equal(ErrorCode.None, errors["idle"]);
        Assert.Equal(ErrorCode.GroupIdNotFound, errors["never"]);
    }

    [Fact]
    public async Task OffsetDelete_keeps_offsets_of_topics_a_member_is_subscribed_to()
    {
        await using var kafka = await GroupWire.StartAsync();
        kafka.CreateTopic(new TopicSpec("read", 1, 1, []));
        kafka.CreateTopic(new TopicSpec("unread", 1, 1, []));
        using var session = await WireSession.OpenAsync(kafka.Port);
        await GroupWire.FindCoordinatorAsync(session, "subscribed");
        var join = GroupWire.Join("subscribed");
        join.Protocols[0].Metadata = Subscription("read");
        var joined = await GroupWire.JoinAsync(session, 3, join);
        await GroupWire.SyncAsync(session, 3, "subscribed", joined.MemberId, joined.GenerationId, (joined.MemberId, []));
        foreach (string topic in new[] { "read", "unread" })
        {
            await kafka.Broker.Groups.CommitOffsetsAsync("subscribed", joined.MemberId, null, joined.GenerationId, null, 8, [new(topic, Guid.Empty, 0, 5, -1, "", true)]);
        }

        var response = await session.SendAsync<OffsetDeleteResponse>(OffsetDeleteRequest.ApiKey, 0, new OffsetDeleteRequest
        {
            GroupId = "subscribed",
            Topics =
            [
                new() { Name = "read", Partitions = [new() { PartitionIndex = 0 }] },
                new() { Name = "unread", Partitions = [new() { PartitionIndex = 0 }] },
            ],
        }, flexible: false);

        var errors = response.Topics.ToDictionary(t => t.Name, t => (ErrorCode)t.Partitions.Single().ErrorCode);
        Assert.Equal(ErrorCode.GroupSubscribedToTopic, errors["read"]);
        Assert.Equal(ErrorCode.None, errors["unread"]);
        Assert.NotNull(kafka.Broker.Groups.FetchOffsets("subscribed", [new("read", 0)]).Offsets.Single().Offset);
        Assert.Null(kafka.Broker.Groups.FetchOffsets("subscribed", [new("unread", 0)]).Offsets.Single().Offset);
    }

    /// <summary>A consumer-protocol subscription v0 to one topic: version, topics, null user data.</summary>
    private static byte[] Subscription(string topic)
    {
        var subscription = new ConsumerProtocolSubscription { Topics = [topic] };
        var bytes = new byte[2 + subscription.Size(0)];
        bytes[1] = 0;
        var writer = new KafkaWriter(bytes.AsSpan(2));
        subscription.Write(ref writer, 0);
        return bytes;
    }
}
