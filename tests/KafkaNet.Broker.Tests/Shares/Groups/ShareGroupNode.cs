using KafkaNet.Broker.Tests.Admin;
using KafkaNet.Broker.Tests.Network;
using KafkaNet.Broker.Topics;
using KafkaNet.Embedded;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Shares.Groups;

/// <summary>
/// An embedded broker with share groups enabled and one open connection, sending share-group requests as raw frames
/// the way a KIP-932 client would. It can be restarted on the same data directory.
/// </summary>
internal sealed class ShareGroupNode : IAsyncDisposable
{
    private readonly TempDirectory _data = new();
    private readonly Action<BrokerOptions>? _configure;

    private ShareGroupNode(Action<BrokerOptions>? configure) => _configure = configure;

    public EmbeddedKafka Kafka { get; private set; } = null!;

    public WireSession Session { get; private set; } = null!;

    public static async Task<ShareGroupNode> StartAsync(Action<BrokerOptions>? configure = null)
    {
        var node = new ShareGroupNode(configure);
        await node.OpenAsync();
        return node;
    }

    /// <summary>Stops the broker and starts it again on the same data directory, then waits for the groups to load.</summary>
    public async Task RestartAsync()
    {
        Session.Dispose();
        await Kafka.DisposeAsync();
        await OpenAsync();
        for (int wait = 0; wait < 200 && !Kafka.Broker.Groups.AllShardsLoaded; wait++)
        {
            await Task.Delay(50);
        }
        Assert.True(Kafka.Broker.Groups.AllShardsLoaded);
    }

    public Guid CreateTopic(string name, int partitions)
    {
        Kafka.CreateTopic(new TopicSpec(name, partitions, 1, []));
        return Kafka.Broker.Topics.Find(name)!.TopicId;
    }

    public static ShareGroupHeartbeatRequest Join(string group, string memberId, params string[] topics) =>
        new() { GroupId = group, MemberId = memberId, MemberEpoch = 0, RackId = null, SubscribedTopicNames = [.. topics] };

    public static ShareGroupHeartbeatRequest Beat(string group, string memberId, int epoch) =>
        new() { GroupId = group, MemberId = memberId, MemberEpoch = epoch, RackId = null, SubscribedTopicNames = null };

    public async Task<ShareGroupHeartbeatResponse> HeartbeatAsync(ShareGroupHeartbeatRequest request)
    {
        await Kafka.WaitForGroupCoordinatorAsync(request.GroupId.Length == 0 ? "-" : request.GroupId);
        return await Session.SendAsync<ShareGroupHeartbeatResponse>(ShareGroupHeartbeatRequest.ApiKey, 1, request, flexible: true);
    }

    public Task<ShareGroupHeartbeatResponse> LeaveAsync(string group, string memberId) => HeartbeatAsync(Beat(group, memberId, -1));

    public async Task<ShareGroupDescribeResponse.Group> DescribeAsync(string group)
    {
        var response = await Session.SendAsync<ShareGroupDescribeResponse>(ShareGroupDescribeRequest.ApiKey, 1,
            new ShareGroupDescribeRequest { GroupIds = [group], IncludeAuthorizedOperations = false }, flexible: true);
        return Assert.Single(response.Groups);
    }

    public Task<TResponse> SendAsync<TResponse>(short apiKey, short version, Protocol.IKafkaMessage request)
        where TResponse : class, Protocol.IKafkaMessage<TResponse> =>
        Session.SendAsync<TResponse>(apiKey, version, request, flexible: true);

    public async ValueTask DisposeAsync()
    {
        Session.Dispose();
        await Kafka.DisposeAsync();
        _data.Dispose();
    }

    private async Task OpenAsync()
    {
        Kafka = await EmbeddedKafka.StartAsync(new EmbeddedKafkaOptions
        {
            DataDirectory = _data.Path,
            Configure = o =>
            {
                o.Groups.OffsetsTopicNumPartitions = 1;
                o.ShareGroups.Enabled = true;
                _configure?.Invoke(o);
            },
        });
        Session = await WireSession.OpenAsync(Kafka.Port);
    }
}
