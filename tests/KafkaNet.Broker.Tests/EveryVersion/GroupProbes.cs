using KafkaNet.Broker.Tests.Groups.Wire;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.EveryVersion;

/// <summary>Probes of the classic group protocol, FindCoordinator and the group admin APIs.</summary>
internal static partial class VersionProbes
{
    // Setup steps use the newest versions, so a probe depends only on the version it probes.
    private const short NewestJoin = 9;
    private const short NewestSync = 5;

    // GroupWire.Join's single protocol: "range" with this metadata.
    private static readonly byte[] JoinMetadata = [0, 1, 5];

    static partial void AddGroupProbes(Dictionary<short, VersionProbe> probes)
    {
        probes.Add(OffsetCommitRequest.ApiKey, OffsetCommitProbeAsync);
        probes.Add(OffsetFetchRequest.ApiKey, OffsetFetchProbeAsync);
        probes.Add(FindCoordinatorRequest.ApiKey, FindCoordinatorProbeAsync);
        probes.Add(JoinGroupRequest.ApiKey, JoinGroupProbeAsync);
        probes.Add(HeartbeatRequest.ApiKey, HeartbeatProbeAsync);
        probes.Add(LeaveGroupRequest.ApiKey, LeaveGroupProbeAsync);
        probes.Add(SyncGroupRequest.ApiKey, SyncGroupProbeAsync);
        probes.Add(DescribeGroupsRequest.ApiKey, DescribeGroupsProbeAsync);
        probes.Add(ListGroupsRequest.ApiKey, ListGroupsProbeAsync);
        probes.Add(DeleteGroupsRequest.ApiKey, DeleteGroupsProbeAsync);
        probes.Add(OffsetDeleteRequest.ApiKey, OffsetDeleteProbeAsync);
        probes.Add(ConsumerGroupHeartbeatRequest.ApiKey, ConsumerGroupHeartbeatProbeAsync);
        probes.Add(ConsumerGroupDescribeRequest.ApiKey, ConsumerGroupDescribeProbeAsync);
    }

    private static async Task FindCoordinatorProbeAsync(ProbeContext context, short version)
    {
        string first = context.UniqueName("find", version);
        string second = context.UniqueName("find", version);
        var request = version < 4
            ? new FindCoordinatorRequest { Key = first, KeyType = 0 }
            : new FindCoordinatorRequest { KeyType = 0, CoordinatorKeys = [first, second] };

        var response = await context.SendAsync<FindCoordinatorResponse>(FindCoordinatorRequest.ApiKey, version, request);

        ProbeContext.AssertNoErrors(response);
        int nodeId = context.Kafka.Broker.Options.NodeId;
        if (version < 4)
        {
            Assert.Equal((nodeId, context.Port), (response.NodeId, response.Port));
            Assert.False(string.IsNullOrEmpty(response.Host));
        }
        else
        {
            Assert.Equal([first, second], response.Coordinators.Select(c => c.Key));
            Assert.All(response.Coordinators, c => Assert.Equal((nodeId, context.Port), (c.NodeId, c.Port)));
            Assert.All(response.Coordinators, c => Assert.False(string.IsNullOrEmpty(c.Host)));
        }
    }

    private static async Task JoinGroupProbeAsync(ProbeContext context, short version)
    {
        string group = context.UniqueName("join", version);
        EnsureGroupCoordinator(context, group);

        var joined = await JoinAsync(context, version, group);

        ProbeContext.AssertNoErrors(joined);
        Assert.False(string.IsNullOrEmpty(joined.MemberId));
        Assert.Equal((1, "range", joined.MemberId), (joined.GenerationId, joined.ProtocolName, joined.Leader));
        var member = Assert.Single(joined.Members);
        Assert.Equal(joined.MemberId, member.MemberId);
        Assert.Equal(JoinMetadata, member.Metadata.ToArray());
        if (version >= 7)
        {
            Assert.Equal("consumer", joined.ProtocolType);
        }
    }

    private static async Task SyncGroupProbeAsync(ProbeContext context, short version)
    {
        string group = context.UniqueName("sync", version);
        EnsureGroupCoordinator(context, group);
        var joined = await JoinAsync(context, NewestJoin, group);
        ProbeContext.AssertNoErrors(joined);
        byte[] assignment = [1, 2, (byte)version];

        var synced = await SyncAsync(context, version, group, joined, assignment);

        ProbeContext.AssertNoErrors(synced);
        Assert.Equal(assignment, synced.Assignment.ToArray());
        if (version >= 5)
        {
            Assert.Equal(("consumer", "range"), (synced.ProtocolType, synced.ProtocolName));
        }
        var described = context.Kafka.Broker.Groups.DescribeGroup(group);
        Assert.Equal("Stable", described.State);
        Assert.Equal(assignment, Assert.Single(described.Members).Assignment);
    }

    private static async Task HeartbeatProbeAsync(ProbeContext context, short version)
    {
        string group = context.UniqueName("heartbeat", version);
        var (memberId, generation) = await JoinStableGroupAsync(context, group, [3]);

        var response = await context.SendAsync<HeartbeatResponse>(HeartbeatRequest.ApiKey, version,
            new HeartbeatRequest { GroupId = group, MemberId = memberId, GenerationId = generation });

        ProbeContext.AssertNoErrors(response);
        Assert.Equal("Stable", context.Kafka.Broker.Groups.DescribeGroup(group).State);
    }

    private static async Task LeaveGroupProbeAsync(ProbeContext context, short version)
    {
        string group = context.UniqueName("leave", version);
        var (memberId, _) = await JoinStableGroupAsync(context, group, [4]);
        var request = version < 3
            ? new LeaveGroupRequest { GroupId = group, MemberId = memberId }
            : new LeaveGroupRequest
            {
                GroupId = group,
                Members = [new LeaveGroupRequest.MemberIdentity { MemberId = memberId, Reason = version >= 5 ? "probe" : null }],
            };

        var response = await context.SendAsync<LeaveGroupResponse>(LeaveGroupRequest.ApiKey, version, request);

        ProbeContext.AssertNoErrors(response);
        if (version >= 3)
        {
            Assert.Equal(memberId, Assert.Single(response.Members).MemberId);
        }
        var described = context.Kafka.Broker.Groups.DescribeGroup(group);
        Assert.Equal("Empty", described.State);
        Assert.Empty(described.Members);
    }

    private static async Task DescribeGroupsProbeAsync(ProbeContext context, short version)
    {
        string group = context.UniqueName("describe", version);
        byte[] assignment = [5, (byte)version];
        var (memberId, _) = await JoinStableGroupAsync(context, group, assignment);

        var response = await context.SendAsync<DescribeGroupsResponse>(DescribeGroupsRequest.ApiKey, version,
            new DescribeGroupsRequest { Groups = [group], IncludeAuthorizedOperations = version >= 3 });

        ProbeContext.AssertNoErrors(response);
        var described = Assert.Single(response.Groups);
        Assert.Equal((group, "Stable", "consumer", "range"), (described.GroupId, described.GroupState, described.ProtocolType, described.ProtocolData));
        var member = Assert.Single(described.Members);
        Assert.Equal((memberId, "raw-test"), (member.MemberId, member.ClientId));
        Assert.Equal(JoinMetadata, member.MemberMetadata.ToArray());
        Assert.Equal(assignment, member.MemberAssignment.ToArray());
        if (version >= 3)
        {
            Assert.NotEqual(int.MinValue, described.AuthorizedOperations);
        }
    }

    private static async Task ListGroupsProbeAsync(ProbeContext context, short version)
    {
        string group = context.UniqueName("list", version);
        await JoinStableGroupAsync(context, group, [6]);
        var request = new ListGroupsRequest();
        if (version >= 4)
        {
            request.StatesFilter = ["Stable"];
        }
        if (version >= 5)
        {
            request.TypesFilter = ["classic"];
        }

        var response = await context.SendAsync<ListGroupsResponse>(ListGroupsRequest.ApiKey, version, request);

        ProbeContext.AssertNoErrors(response);
        var listed = Assert.Single(response.Groups, g => g.GroupId == group);
        Assert.Equal("consumer", listed.ProtocolType);
        if (version >= 4)
        {
            Assert.All(response.Groups, g => Assert.Equal("Stable", g.GroupState, ignoreCase: true));
        }
        if (version >= 5)
        {
            Assert.All(response.Groups, g => Assert.Equal("classic", g.GroupType, ignoreCase: true));
        }
    }

    private static void EnsureGroupCoordinator(ProbeContext context, string group) =>
        context.Kafka.WaitForGroupCoordinatorAsync(group).GetAwaiter().GetResult();

    /// <summary>A one-partition topic no other probe uses.</summary>
    private static TopicInfo CreateTopic(ProbeContext context, string prefix, short version)
    {
        string name = context.UniqueName(prefix, version);
        context.Kafka.CreateTopic(new TopicSpec(name, 1, 1, []));
        return context.Kafka.Broker.Topics.Find(name)!;
    }

    /// <summary>A single member's join at a version; from v4 the first answer is MEMBER_ID_REQUIRED with the id to rejoin with.</summary>
    private static async Task<JoinGroupResponse> JoinAsync(ProbeContext context, short version, string group)
    {
        var request = GroupWire.Join(group);
        if (version >= 8)
        {
            request.Reason = "probe";
        }
        var response = await context.SendAsync<JoinGroupResponse>(JoinGroupRequest.ApiKey, version, request);
        if (version >= 4)
        {
            Assert.Equal(ErrorCode.MemberIdRequired, (ErrorCode)response.ErrorCode);
            Assert.False(string.IsNullOrEmpty(response.MemberId));
            request.MemberId = response.MemberId;
            response = await context.SendAsync<JoinGroupResponse>(JoinGroupRequest.ApiKey, version, request);
        }
        return response;
    }

    private static Task<SyncGroupResponse> SyncAsync(ProbeContext context, short version, string group, JoinGroupResponse joined, byte[] assignment) =>
        context.SendAsync<SyncGroupResponse>(SyncGroupRequest.ApiKey, version, new SyncGroupRequest
        {
            GroupId = group,
            MemberId = joined.MemberId,
            GenerationId = joined.GenerationId,
            ProtocolType = version >= 5 ? "consumer" : null,
            ProtocolName = version >= 5 ? "range" : null,
            Assignments = [new SyncGroupRequest.SyncGroupRequestAssignment { MemberId = joined.MemberId, Assignment = assignment }],
        });

    /// <summary>A classic group whose one member has joined and synced (newest versions): its member id and generation.</summary>
    private static async Task<(string MemberId, int Generation)> JoinStableGroupAsync(ProbeContext context, string group, byte[] assignment)
    {
        EnsureGroupCoordinator(context, group);
        var joined = await JoinAsync(context, NewestJoin, group);
        ProbeContext.AssertNoErrors(joined);
        var synced = await SyncAsync(context, NewestSync, group, joined, assignment);
        ProbeContext.AssertNoErrors(synced);
        Assert.Equal(assignment, synced.Assignment.ToArray());
        return (joined.MemberId, joined.GenerationId);
    }
}
