using KafkaNet.Broker.Tests.Network;
using KafkaNet.Broker.Tests.Shares.Coordinator;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.EveryVersion;

/// <summary>Probes of share groups (KIP-932): membership, ShareFetch and ShareAcknowledge, the share coordinator's RPCs and the offset admin APIs.</summary>
internal static partial class VersionProbes
{
    private const short NewestShareHeartbeat = 1;
    private const short NewestShareFetch = 2;

    static partial void AddShareProbes(Dictionary<short, VersionProbe> probes)
    {
        probes.Add(ShareGroupHeartbeatRequest.ApiKey, ShareGroupHeartbeatProbeAsync);
        probes.Add(ShareGroupDescribeRequest.ApiKey, ShareGroupDescribeProbeAsync);
        probes.Add(ShareFetchRequest.ApiKey, ShareFetchProbeAsync);
        probes.Add(ShareAcknowledgeRequest.ApiKey, ShareAcknowledgeProbeAsync);
        probes.Add(InitializeShareGroupStateRequest.ApiKey, InitializeShareGroupStateProbeAsync);
        probes.Add(ReadShareGroupStateRequest.ApiKey, ReadShareGroupStateProbeAsync);
        probes.Add(WriteShareGroupStateRequest.ApiKey, WriteShareGroupStateProbeAsync);
        probes.Add(DeleteShareGroupStateRequest.ApiKey, DeleteShareGroupStateProbeAsync);
        probes.Add(ReadShareGroupStateSummaryRequest.ApiKey, ReadShareGroupStateSummaryProbeAsync);
        probes.Add(DescribeShareGroupOffsetsRequest.ApiKey, DescribeShareGroupOffsetsProbeAsync);
        probes.Add(AlterShareGroupOffsetsRequest.ApiKey, AlterShareGroupOffsetsProbeAsync);
        probes.Add(DeleteShareGroupOffsetsRequest.ApiKey, DeleteShareGroupOffsetsProbeAsync);
    }

    /// <summary>A new share group on a new one-partition topic, with one member joined at <paramref name="version"/>.</summary>
    private static async Task<(TopicInfo Topic, string Group, string Member, ShareGroupHeartbeatResponse Joined)> JoinShareGroupAsync(
        ProbeContext context, string prefix, short version = NewestShareHeartbeat)
    {
        var topic = CreateTopic(context, prefix, version);
        string group = context.UniqueName(prefix, version);
        string member = Guid.NewGuid().ToString();
        EnsureGroupCoordinator(context, group);
        var joined = await context.SendAsync<ShareGroupHeartbeatResponse>(ShareGroupHeartbeatRequest.ApiKey, version, new ShareGroupHeartbeatRequest
        {
            GroupId = group, MemberId = member, MemberEpoch = 0, RackId = null, SubscribedTopicNames = [topic.Name],
        });
        return (topic, group, member, joined);
    }

    private static async Task ShareGroupHeartbeatProbeAsync(ProbeContext context, short version)
    {
        var (_, _, member, joined) = await JoinShareGroupAsync(context, "share-heartbeat", version);

        ProbeContext.AssertNoErrors(joined);
        Assert.Equal(member, joined.MemberId);
        Assert.True(joined.MemberEpoch >= 1, $"member epoch {joined.MemberEpoch}");
        Assert.True(joined.HeartbeatIntervalMs > 0, $"heartbeat interval {joined.HeartbeatIntervalMs}");
    }

    private static async Task ShareGroupDescribeProbeAsync(ProbeContext context, short version)
    {
        var (_, group, member, _) = await JoinShareGroupAsync(context, "share-describe");

        var response = await context.SendAsync<ShareGroupDescribeResponse>(ShareGroupDescribeRequest.ApiKey, version,
            new ShareGroupDescribeRequest { GroupIds = [group], IncludeAuthorizedOperations = false });

        ProbeContext.AssertNoErrors(response);
        var described = Assert.Single(response.Groups);
        Assert.Equal(group, described.GroupId);
        Assert.Equal(member, Assert.Single(described.Members).MemberId);
    }

    private static ShareFetchRequest OpeningFetch(string group, string member, Guid topicId) => new()
    {
        GroupId = group, MemberId = member, ShareSessionEpoch = 0, MaxWaitMs = 0, MinBytes = 1, MaxBytes = 1 << 20, MaxRecords = 10, BatchSize = 10,
        Topics = [new() { TopicId = topicId, Partitions = [new() { Partition = 0, PartitionMaxBytes = 1 << 20 }] }],
    };

    private static async Task ShareFetchProbeAsync(ProbeContext context, short version)
    {
        var (topic, group, member, _) = await JoinShareGroupAsync(context, "share-fetch");

        var response = await context.SendAsync<ShareFetchResponse>(ShareFetchRequest.ApiKey, version, OpeningFetch(group, member, topic.TopicId));

        ProbeContext.AssertNoErrors(response);
        Assert.All(response.Topics, t => Assert.Equal(topic.TopicId, t.TopicId));
    }

    private static async Task ShareAcknowledgeProbeAsync(ProbeContext context, short version)
    {
        var (topic, group, member, _) = await JoinShareGroupAsync(context, "share-ack");
        // A share session belongs to its connection: opened by a fetch, then continued at epoch 1.
        using var connection = await RawKafkaConnection.ConnectAsync(context.Port);
        ProbeContext.AssertNoErrors(await context.SendAsync<ShareFetchResponse>(connection, ShareFetchRequest.ApiKey, NewestShareFetch,
            OpeningFetch(group, member, topic.TopicId)));

        var response = await context.SendAsync<ShareAcknowledgeResponse>(connection, ShareAcknowledgeRequest.ApiKey, version, new ShareAcknowledgeRequest
        {
            GroupId = group, MemberId = member, ShareSessionEpoch = 1,
            Topics = [new() { TopicId = topic.TopicId, Partitions = [new() { Partition = 0 }] }],
        });

        ProbeContext.AssertNoErrors(response);
        Assert.Equal(topic.TopicId, Assert.Single(response.Topics).TopicId);
    }

    /// <summary>A topic whose share-partition 0 of group "sg" has a loaded share coordinator, and whose state starts at 0.</summary>
    private static async Task<TopicInfo> ShareStateTopicAsync(ProbeContext context, string prefix, short version, bool initialize = true)
    {
        var topic = CreateTopic(context, prefix, version);
        using var session = await WireSession.OpenAsync(context.Port);
        var wire = new ShareStateWire(session);
        await wire.WaitForCoordinatorAsync(topic.TopicId);
        if (initialize)
        {
            Assert.Equal(0, (await wire.InitializeAsync(topic.TopicId, 0, stateEpoch: 1, startOffset: 0)).ErrorCode);
        }
        return topic;
    }

    private static async Task InitializeShareGroupStateProbeAsync(ProbeContext context, short version)
    {
        var topic = await ShareStateTopicAsync(context, "share-init", version, initialize: false);

        var response = await context.SendAsync<InitializeShareGroupStateResponse>(InitializeShareGroupStateRequest.ApiKey, version, new InitializeShareGroupStateRequest
        {
            GroupId = ShareStateWire.Group, Topics = [new() { TopicId = topic.TopicId, Partitions = [new() { Partition = 0, StateEpoch = 1, StartOffset = 5 }] }],
        });

        ProbeContext.AssertNoErrors(response);
        Assert.Equal(topic.TopicId, Assert.Single(response.Topics).TopicId);
    }

    private static async Task ReadShareGroupStateProbeAsync(ProbeContext context, short version)
    {
        var topic = await ShareStateTopicAsync(context, "share-read", version);

        var response = await context.SendAsync<ReadShareGroupStateResponse>(ReadShareGroupStateRequest.ApiKey, version, new ReadShareGroupStateRequest
        {
            GroupId = ShareStateWire.Group, Topics = [new() { TopicId = topic.TopicId, Partitions = [new() { Partition = 0, LeaderEpoch = 0 }] }],
        });

        ProbeContext.AssertNoErrors(response);
        var partition = Assert.Single(Assert.Single(response.Topics).Partitions);
        Assert.Equal((1, 0L), (partition.StateEpoch, partition.StartOffset));
    }

    private static async Task WriteShareGroupStateProbeAsync(ProbeContext context, short version)
    {
        var topic = await ShareStateTopicAsync(context, "share-write", version);

        var response = await context.SendAsync<WriteShareGroupStateResponse>(WriteShareGroupStateRequest.ApiKey, version, new WriteShareGroupStateRequest
        {
            GroupId = ShareStateWire.Group,
            Topics =
            [
                new()
                {
                    TopicId = topic.TopicId,
                    Partitions =
                    [
                        new()
                        {
                            Partition = 0, StateEpoch = 1, LeaderEpoch = 0, StartOffset = 2,
                            StateBatches = [new() { FirstOffset = 2, LastOffset = 3, DeliveryState = 2, DeliveryCount = 1 }],
                        },
                    ],
                },
            ],
        });

        ProbeContext.AssertNoErrors(response);
        Assert.Equal(topic.TopicId, Assert.Single(response.Topics).TopicId);
    }

    private static async Task DeleteShareGroupStateProbeAsync(ProbeContext context, short version)
    {
        var topic = await ShareStateTopicAsync(context, "share-delete", version);

        var response = await context.SendAsync<DeleteShareGroupStateResponse>(DeleteShareGroupStateRequest.ApiKey, version, new DeleteShareGroupStateRequest
        {
            GroupId = ShareStateWire.Group, Topics = [new() { TopicId = topic.TopicId, Partitions = [new() { Partition = 0 }] }],
        });

        ProbeContext.AssertNoErrors(response);
        Assert.Equal(topic.TopicId, Assert.Single(response.Topics).TopicId);
    }

    private static async Task ReadShareGroupStateSummaryProbeAsync(ProbeContext context, short version)
    {
        var topic = await ShareStateTopicAsync(context, "share-summary", version);

        var response = await context.SendAsync<ReadShareGroupStateSummaryResponse>(ReadShareGroupStateSummaryRequest.ApiKey, version,
            new ReadShareGroupStateSummaryRequest
            {
                GroupId = ShareStateWire.Group, Topics = [new() { TopicId = topic.TopicId, Partitions = [new() { Partition = 0, LeaderEpoch = -1 }] }],
            });

        ProbeContext.AssertNoErrors(response);
        var partition = Assert.Single(Assert.Single(response.Topics).Partitions);
        Assert.Equal((1, 0L), (partition.StateEpoch, partition.StartOffset));
        Assert.Equal(version >= 1 ? 0 : -1, partition.DeliveryCompleteCount);
    }

    private static async Task DescribeShareGroupOffsetsProbeAsync(ProbeContext context, short version)
    {
        var (topic, group, _, _) = await JoinShareGroupAsync(context, "share-offsets");

        var response = await context.SendAsync<DescribeShareGroupOffsetsResponse>(DescribeShareGroupOffsetsRequest.ApiKey, version,
            new DescribeShareGroupOffsetsRequest { Groups = [new() { GroupId = group, Topics = [new() { Topic = topic.Name, Partitions = [0] }] }] });

        ProbeContext.AssertNoErrors(response);
        var partition = Assert.Single(Assert.Single(Assert.Single(response.Groups).Topics).Partitions);
        Assert.Equal(0, partition.Partition);
    }

    private static async Task AlterShareGroupOffsetsProbeAsync(ProbeContext context, short version)
    {
        var topic = CreateTopic(context, "share-alter", version);
        string group = context.UniqueName("share-alter", version);
        EnsureGroupCoordinator(context, group);

        var response = await context.SendAsync<AlterShareGroupOffsetsResponse>(AlterShareGroupOffsetsRequest.ApiKey, version, new AlterShareGroupOffsetsRequest
        {
            GroupId = group, Topics = [new() { Topic = topic.Name, Partitions = [new() { Partition = 0, StartOffset = 0 }] }],
        });

        ProbeContext.AssertNoErrors(response);
        Assert.Equal(topic.Name, Assert.Single(response.Topics).Topic);
    }

    private static async Task DeleteShareGroupOffsetsProbeAsync(ProbeContext context, short version)
    {
        var topic = CreateTopic(context, "share-forget", version);
        string group = context.UniqueName("share-forget", version);
        EnsureGroupCoordinator(context, group);
        ProbeContext.AssertNoErrors(await context.SendAsync<AlterShareGroupOffsetsResponse>(AlterShareGroupOffsetsRequest.ApiKey, 0, new AlterShareGroupOffsetsRequest
        {
            GroupId = group, Topics = [new() { Topic = topic.Name, Partitions = [new() { Partition = 0, StartOffset = 0 }] }],
        }));

        var response = await context.SendAsync<DeleteShareGroupOffsetsResponse>(DeleteShareGroupOffsetsRequest.ApiKey, version,
            new DeleteShareGroupOffsetsRequest { GroupId = group, Topics = [new() { Topic = topic.Name }] });

        ProbeContext.AssertNoErrors(response);
        Assert.Equal(topic.Name, Assert.Single(response.Topics).Topic);
    }
}
