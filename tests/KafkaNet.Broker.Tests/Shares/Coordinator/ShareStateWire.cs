using KafkaNet.Broker.Tests.Network;
using KafkaNet.Embedded;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Shares.Coordinator;

/// <summary>A broker with share groups enabled, and the share-state RPCs as a share-partition leader sends them over the wire.</summary>
internal sealed class ShareStateWire(WireSession session)
{
    public const string Group = "sg";

    private static readonly TimeSpan CoordinatorWait = TimeSpan.FromSeconds(30);

    /// <summary>A single node with share groups on and a 3-partition __share_group_state.</summary>
    public static Task<EmbeddedKafka> StartAsync(string? dataDirectory = null, Action<BrokerOptions>? configure = null, bool aclAuthorizer = false) =>
        EmbeddedKafka.StartAsync(new EmbeddedKafkaOptions
        {
            DataDirectory = dataDirectory,
            AclAuthorizer = aclAuthorizer,
            Configure = o =>
            {
                o.ShareGroups.Enabled = true;
                o.ShareGroups.Coordinator.StateTopicNumPartitions = 3;
                configure?.Invoke(o);
            },
        });

    public static async Task<ShareStateWire> OpenAsync(EmbeddedKafka kafka) => new(await WireSession.OpenAsync(kafka.Port));

    public WireSession Session => session;

    /// <summary>
    /// Asks FindCoordinator for the share-partition until this broker answers as its coordinator (the first ask creates
    /// __share_group_state), then until its partition has loaded, as a share-partition leader retries.
    /// </summary>
    public async Task WaitForCoordinatorAsync(Guid topicId, int partition = 0)
    {
        var deadline = DateTime.UtcNow + CoordinatorWait;
        string key = $"{Group}:{KafkaUuid.Format(topicId)}:{partition}";
        while ((await FindAsync(key)).ErrorCode != 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "no share coordinator for " + key);
            await Task.Delay(20);
        }
        while (Code(await SummaryAsync(topicId, partition)) == ErrorCode.CoordinatorLoadInProgress)
        {
            Assert.True(DateTime.UtcNow < deadline, "the share coordinator did not load " + key);
            await Task.Delay(20);
        }
    }

    public async Task<FindCoordinatorResponse.Coordinator> FindAsync(string key, short version = 6, sbyte keyType = 2)
    {
        var response = await session.SendAsync<FindCoordinatorResponse>(FindCoordinatorRequest.ApiKey, version,
            new FindCoordinatorRequest { KeyType = keyType, CoordinatorKeys = [key] }, flexible: true);
        return Assert.Single(response.Coordinators);
    }

    public async Task<InitializeShareGroupStateResponse.PartitionData> InitializeAsync(Guid topicId, int partition, int stateEpoch, long startOffset,
        string group = Group)
    {
        var request = new InitializeShareGroupStateRequest { GroupId = group };
        request.Topics.Add(new() { TopicId = topicId, Partitions = [new() { Partition = partition, StateEpoch = stateEpoch, StartOffset = startOffset }] });
        var response = await session.SendAsync<InitializeShareGroupStateResponse>(InitializeShareGroupStateRequest.ApiKey, 0, request, flexible: true);
        return Assert.Single(Assert.Single(response.Topics).Partitions);
    }

    /// <summary>WriteShareGroupState v1 with batches given as (first, last, state, count).</summary>
    public async Task<WriteShareGroupStateResponse.PartitionData> WriteAsync(Guid topicId, int partition, int stateEpoch, int leaderEpoch, long startOffset,
        params (long First, long Last, sbyte State, short Count)[] batches)
    {
        var data = new WriteShareGroupStateRequest.PartitionData { Partition = partition, StateEpoch = stateEpoch, LeaderEpoch = leaderEpoch, StartOffset = startOffset };
        foreach (var (first, last, state, count) in batches)
        {
            data.StateBatches.Add(new() { FirstOffset = first, LastOffset = last, DeliveryState = state, DeliveryCount = count });
        }
        var request = new WriteShareGroupStateRequest { GroupId = Group };
        request.Topics.Add(new() { TopicId = topicId, Partitions = [data] });
        var response = await session.SendAsync<WriteShareGroupStateResponse>(WriteShareGroupStateRequest.ApiKey, 1, request, flexible: true);
        return Assert.Single(Assert.Single(response.Topics).Partitions);
    }

    public async Task<ReadShareGroupStateResponse.PartitionData> ReadAsync(Guid topicId, int partition, int leaderEpoch)
    {
        var request = new ReadShareGroupStateRequest { GroupId = Group };
        request.Topics.Add(new() { TopicId = topicId, Partitions = [new() { Partition = partition, LeaderEpoch = leaderEpoch }] });
        var response = await session.SendAsync<ReadShareGroupStateResponse>(ReadShareGroupStateRequest.ApiKey, 0, request, flexible: true);
        return Assert.Single(Assert.Single(response.Topics).Partitions);
    }

    public async Task<ReadShareGroupStateSummaryResponse.PartitionData> SummaryAsync(Guid topicId, int partition)
    {
        var request = new ReadShareGroupStateSummaryRequest { GroupId = Group };
        request.Topics.Add(new() { TopicId = topicId, Partitions = [new() { Partition = partition, LeaderEpoch = -1 }] });
        var response = await session.SendAsync<ReadShareGroupStateSummaryResponse>(ReadShareGroupStateSummaryRequest.ApiKey, 1, request, flexible: true);
        return Assert.Single(Assert.Single(response.Topics).Partitions);
    }

    public async Task<DeleteShareGroupStateResponse.PartitionData> DeleteAsync(Guid topicId, int partition)
    {
        var request = new DeleteShareGroupStateRequest { GroupId = Group };
        request.Topics.Add(new() { TopicId = topicId, Partitions = [new() { Partition = partition }] });
        var response = await session.SendAsync<DeleteShareGroupStateResponse>(DeleteShareGroupStateRequest.ApiKey, 0, request, flexible: true);
        return Assert.Single(Assert.Single(response.Topics).Partitions);
    }

    /// <summary>The batches of a read as "first-last:state/count" text.</summary>
    public static string Batches(ReadShareGroupStateResponse.PartitionData read) =>
        string.Join(" ", read.StateBatches.Select(b => $"{b.FirstOffset}-{b.LastOffset}:{b.DeliveryState}/{b.DeliveryCount}"));

    public static ErrorCode Code(ReadShareGroupStateSummaryResponse.PartitionData result) => (ErrorCode)result.ErrorCode;
}
