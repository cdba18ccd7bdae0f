using System.Diagnostics;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Benchmarks.Groups;

/// <summary>
/// One KIP-848 member on its own connection, speaking ConsumerGroupHeartbeat v1: it names its own member id,
/// joins with epoch 0 and a subscription, and takes each assignment the broker sends at once (revoking what
/// left it), reporting what it owns on every heartbeat.
/// </summary>
internal sealed class ConsumerMember(BenchConnection connection)
{
    private const short Version = 1;
    private const int RebalanceTimeoutMs = 30000;
    private const int LeaveEpoch = -1;

    public string MemberId { get; private set; } = "";

    public int Epoch { get; private set; }

    /// <summary>The partitions of the subscribed topic this member owns, sorted.</summary>
    public int[] Owned { get; private set; } = [];

    /// <summary>When this member's joining heartbeat left the client.</summary>
    public long JoinSentTicks { get; private set; }

    public void Reset()
    {
        MemberId = Guid.NewGuid().ToString("N");
        Epoch = 0;
        Owned = [];
    }

    /// <summary>Sends one heartbeat (the joining one while the epoch is 0); true when the answer changed the assignment.</summary>
    public async Task<bool> HeartbeatAsync(string groupId, string topic, Guid topicId, CancellationToken cancellationToken)
    {
        bool joining = Epoch == 0;
        var request = new ConsumerGroupHeartbeatRequest
        {
            GroupId = groupId,
            MemberId = MemberId,
            MemberEpoch = Epoch,
            RebalanceTimeoutMs = joining ? RebalanceTimeoutMs : -1,
            SubscribedTopicNames = joining ? [topic] : null,
            // A joining member must send an empty list; later ones report what they own.
            TopicPartitions = joining ? [] : [new ConsumerGroupHeartbeatRequest.TopicPartitionsData { TopicId = topicId, Partitions = [.. Owned] }],
        };
        await connection.SendAsync(ConsumerGroupHeartbeatRequest.ApiKey, Version, request, cancellationToken).ConfigureAwait(false);
        if (joining)
        {
            JoinSentTicks = Stopwatch.GetTimestamp();
        }
        var answer = await connection.ReceiveAsync<ConsumerGroupHeartbeatResponse>(ConsumerGroupHeartbeatRequest.ApiKey, Version, cancellationToken).ConfigureAwait(false);
        if (answer.ErrorCode != 0)
        {
            throw new InvalidOperationException($"ConsumerGroupHeartbeat epoch {Epoch}: error {answer.ErrorCode} {answer.ErrorMessage}");
        }
        Epoch = answer.MemberEpoch;
        if (answer.Assignment is null)
        {
            return false;
        }
        Owned = answer.Assignment.TopicPartitions.Where(t => t.TopicId == topicId).SelectMany(t => t.Partitions).Order().ToArray();
        return true;
    }

    /// <summary>Leaves the group (epoch -1) so its partitions go back to the others.</summary>
    public async Task LeaveAsync(string groupId, CancellationToken cancellationToken)
    {
        var request = new ConsumerGroupHeartbeatRequest { GroupId = groupId, MemberId = MemberId, MemberEpoch = LeaveEpoch };
        var answer = await connection.RequestAsync<ConsumerGroupHeartbeatResponse>(ConsumerGroupHeartbeatRequest.ApiKey, Version, request, cancellationToken).ConfigureAwait(false);
        if (answer.ErrorCode != 0)
        {
            throw new InvalidOperationException($"ConsumerGroupHeartbeat leave: error {answer.ErrorCode} {answer.ErrorMessage}");
        }
    }
}
