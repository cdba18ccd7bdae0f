using KafkaNet.Broker.Groups.Consumer;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.Storage;

namespace KafkaNet.Broker.Groups;

public sealed partial class GroupCoordinator
{
    /// <summary>ConsumerGroupHeartbeat (KIP-848): joins, heartbeats, reconciles and leaves, answered once its records are written.</summary>
    public Task<ConsumerGroupHeartbeatResponse> ConsumerGroupHeartbeatAsync(ConsumerGroupHeartbeatRequest request, short version,
        string clientId, string clientHost, CancellationToken cancellationToken) =>
        ConsumerGroupHeartbeatAsync(request, version, clientId, clientHost, null, cancellationToken);

    /// <summary>
    /// ConsumerGroupHeartbeat as the member's principal sends it: a regular expression this heartbeat resolves keeps only
    /// the topics <paramref name="mayDescribeTopic"/> allows (null: every topic), as Kafka resolves it with the
    /// authorization of the member that triggered the resolution.
    /// </summary>
    public async Task<ConsumerGroupHeartbeatResponse> ConsumerGroupHeartbeatAsync(ConsumerGroupHeartbeatRequest request, short version,
        string clientId, string clientHost, Func<string, bool>? mayDescribeTopic, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Options.RebalanceProtocols.Contains("consumer"))
        {
            return ConsumerGroupCoordinator.Failed(ErrorCode.UnsupportedVersion, "The consumer group protocol is not enabled.");
        }
        if (request.GroupId.Length == 0)
        {
            return ConsumerGroupCoordinator.Failed(ErrorCode.InvalidRequest, "GroupId can't be empty.");
        }
        var error = TryGetShard(request.GroupId, out var shard);
        if (error != ErrorCode.None)
        {
            return ConsumerGroupCoordinator.Failed(error, null);
        }
        (ConsumerGroupHeartbeatResponse Response, Task<LogAppendInfo> Write) result;
        lock (shard.Lock)
        {
            result = _consumer.Heartbeat(shard, request, version, clientId, clientHost, mayDescribeTopic);
        }
        try
        {
            await result.Write.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A failed write is a retriable coordinator error for the client.
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            return ConsumerGroupCoordinator.Failed(ErrorCode.CoordinatorNotAvailable, null);
        }
#pragma warning restore CA1031
        return result.Response;
    }

    /// <summary>ConsumerGroupDescribe for one group; GROUP_ID_NOT_FOUND for a group that is not a consumer group.</summary>
    public ConsumerGroupDescribeResponse.DescribedGroup DescribeConsumerGroup(string groupId)
    {
        var error = TryGetShard(groupId, out var shard);
        if (error != ErrorCode.None)
        {
            return new ConsumerGroupDescribeResponse.DescribedGroup { GroupId = groupId, ErrorCode = (short)error, GroupState = "Dead" };
        }
        lock (shard.Lock)
        {
            return _consumer.Describe(shard, groupId);
        }
    }
}
