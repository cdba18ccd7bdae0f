using System.Diagnostics;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Benchmarks.Groups;

/// <summary>
/// KIP-848 rebalances: each round N members, each on its own connection, join a new group at once with
/// ConsumerGroupHeartbeat (epoch 0, one subscribed topic) and keep heartbeating until the group is Stable.
/// A member heartbeats again at once after an assignment change (its acknowledgement) and otherwise after a
/// short pause (--heartbeat-ms, 10 ms by default) instead of the broker's 5 s interval, so the time shows the broker's reconciliation, not the
/// client's timer. A round lasts from the last joining heartbeat leaving its client to the answer that made
/// the group Stable; the broker CPU counted is that of the same span. Members leave after each round.
/// </summary>
internal static class ConsumerRebalanceBench
{
    private const string Topic = "consumer-bench";
    private const int MaxHeartbeatsPerMember = 20_000;
    private static readonly TimeSpan RoundBudget = TimeSpan.FromSeconds(60);

    public static async Task<List<RebalancePass>> RunAsync(BenchServer server, int memberCount, int partitions, int rounds, TimeSpan heartbeatPause, TimeSpan passBudget,
        CancellationToken cancellationToken)
    {
        if (!server.Supports(ConsumerGroupHeartbeatRequest.ApiKey, 1))
        {
            throw new NotSupportedException("this broker does not serve ConsumerGroupHeartbeat v1 (KIP-848)");
        }
        var connections = await BenchConnection.OpenManyAsync(server.Port, memberCount, cancellationToken).ConfigureAwait(false);
        try
        {
            Guid topicId = await BenchAdmin.CreateTopicAsync(connections[0], Topic, partitions, cancellationToken).ConfigureAwait(false);
            await BenchAdmin.FindCoordinatorAsync(connections[0], "consumer-bench", cancellationToken).ConfigureAwait(false);
            var members = connections.Select(c => new ConsumerMember(c)).ToArray();
            return await RebalanceRounds.RunAsync(server, "consumer, new group", memberCount, rounds, passBudget,
                round => RebalanceOnceAsync(members, GroupId(memberCount, round), topicId, partitions, heartbeatPause, cancellationToken),
                round => Task.WhenAll(members.Select(m => m.LeaveAsync(GroupId(memberCount, round), cancellationToken)))).ConfigureAwait(false);
        }
        finally
        {
            BenchConnection.DisposeAll(connections);
        }
    }

    private static string GroupId(int members, int round) => $"consumer-bench-{members}-{round}";

    /// <summary>One group formed from scratch; returns its time to Stable and the heartbeats it took.</summary>
    private static async Task<(double Millis, long Heartbeats)> RebalanceOnceAsync(ConsumerMember[] members, string groupId, Guid topicId, int partitions,
        TimeSpan heartbeatPause, CancellationToken cancellationToken)
    {
        var stability = new ConsumerGroupStability(members.Length, partitions);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(RoundBudget);
        foreach (var member in members)
        {
            member.Reset();
        }
        var counts = await Task.WhenAll(members.Select((m, i) => HeartbeatUntilStableAsync(m, i, groupId, topicId, stability, heartbeatPause, budget.Token))).ConfigureAwait(false);
        if (!stability.IsStable)
        {
            throw new InvalidOperationException($"{groupId} did not become Stable");
        }
        return (Stopwatch.GetElapsedTime(members.Max(m => m.JoinSentTicks), stability.StableTicks).TotalMilliseconds, counts.Sum());
    }

    private static async Task<long> HeartbeatUntilStableAsync(ConsumerMember member, int index, string groupId, Guid topicId,
        ConsumerGroupStability stability, TimeSpan pause, CancellationToken cancellationToken)
    {
        long sent = 0;
        while (sent < MaxHeartbeatsPerMember && !stability.IsStable)
        {
            bool changed = await member.HeartbeatAsync(groupId, Topic, topicId, cancellationToken).ConfigureAwait(false);
            sent++;
            if (stability.Update(index, member.Epoch, member.Owned))
            {
                break;
            }
            if (!changed)
            {
                await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
            }
        }
        return sent;
    }
}
