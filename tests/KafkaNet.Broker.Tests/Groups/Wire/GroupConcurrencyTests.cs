using System.Diagnostics;
using KafkaNet.Broker.Tests.Network;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Groups.Wire;

/// <summary>Many members at once: one generation, no UNKNOWN_MEMBER_ID loops, and removal of a silent member.</summary>
public sealed class GroupConcurrencyTests
{
    private const int Members = 20;

    [Fact]
    public async Task Twenty_members_joining_at_once_reach_stable_in_one_generation_with_every_partition_assigned_once()
    {
        await using var kafka = await GroupWire.StartAsync(initialDelayMs: 1000);
        var sessions = await Task.WhenAll(Enumerable.Range(0, Members).Select(_ => WireSession.OpenAsync(kafka.Port)));
        const string group = "twenty";
        await GroupWire.FindCoordinatorAsync(sessions[0], group);

        // JoinGroup v5: each member first gets MEMBER_ID_REQUIRED, then joins with its id.
        var joins = await Task.WhenAll(sessions.Select(JoinTwiceAsync));

        Assert.All(joins, j => Assert.Equal((0, 1), (j.ErrorCode, j.GenerationId)));
        Assert.Equal(Members, joins.Select(j => j.MemberId).Distinct().Count());
        var leader = Assert.Single(joins, j => j.Leader == j.MemberId);
        Assert.Equal(Members, leader.Members.Count);

        // The leader gives partition i to the i-th member; everyone syncs concurrently.
        var plan = leader.Members.Select((m, i) => (m.MemberId, new byte[] { (byte)i })).ToArray();
        var syncs = await Task.WhenAll(joins.Select((j, i) => j.MemberId == leader.MemberId
            ? GroupWire.SyncAsync(sessions[i], 3, group, j.MemberId, j.GenerationId, plan)
            : GroupWire.SyncAsync(sessions[i], 3, group, j.MemberId, j.GenerationId)));

        Assert.All(syncs, s => Assert.Equal(0, s.ErrorCode));
        Assert.Equal(Enumerable.Range(0, Members).Select(i => (byte)i).ToHashSet(), syncs.Select(s => s.Assignment.Span[0]).ToHashSet());
        Assert.Equal("Stable", kafka.Broker.Groups.DescribeGroup(group).State);
        foreach (var s in sessions)
        {
            s.Dispose();
        }
    }

    [Fact]
    public async Task A_member_that_stops_heartbeating_is_removed_after_its_session_timeout_and_the_rest_rebalance()
    {
        await using var kafka = await GroupWire.StartAsync(minSessionTimeoutMs: 500);
        using var steady = await WireSession.OpenAsync(kafka.Port);
        using var silent = await WireSession.OpenAsync(kafka.Port);
        const string group = "silent-member";
        await GroupWire.FindCoordinatorAsync(steady, group);
        var steadyJoin = await GroupWire.JoinAsync(steady, 3, GroupWire.Join(group, sessionTimeoutMs: 30000));
        // The second member's arrival rebalances the group: the first must rejoin, then both sync.
        var silentJoinTask = GroupWire.JoinAsync(silent, 3, GroupWire.Join(group, sessionTimeoutMs: 1500));
        // The first member rejoins once its heartbeat says so, as a client does: rejoining before the second
        // member's request arrives would complete a rebalance without it.
        short pending = 0;
        for (int i = 0; i < 100 && pending == 0; i++)
        {
            pending = (await GroupWire.HeartbeatAsync(steady, group, steadyJoin.MemberId, steadyJoin.GenerationId)).ErrorCode;
            await Task.Delay(pending == 0 ? 50 : 0);
        }

        Assert.Equal((short)ErrorCode.RebalanceInProgress, pending);
        var rejoin = await GroupWire.JoinAsync(steady, 3, GroupWire.Join(group, steadyJoin.MemberId, sessionTimeoutMs: 30000));
        var silentJoin = await silentJoinTask;
        Assert.Equal(rejoin.GenerationId, silentJoin.GenerationId);
        await Task.WhenAll(
            GroupWire.SyncAsync(steady, 3, group, rejoin.MemberId, rejoin.GenerationId, (rejoin.MemberId, [0]), (silentJoin.MemberId, [1])),
            GroupWire.SyncAsync(silent, 3, group, silentJoin.MemberId, silentJoin.GenerationId));

        // Only the steady member heartbeats; within a bounded wait it is told to rebalance.
        short error = 0;
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < 100 && clock.Elapsed < TimeSpan.FromSeconds(15) && error == 0; i++)
        {
            error = (await GroupWire.HeartbeatAsync(steady, group, rejoin.MemberId, rejoin.GenerationId)).ErrorCode;
            await Task.Delay(200);
        }
        Assert.Equal((short)ErrorCode.RebalanceInProgress, error);

        var alone = await GroupWire.JoinAsync(steady, 3, GroupWire.Join(group, rejoin.MemberId, sessionTimeoutMs: 30000));
        Assert.Equal(0, alone.ErrorCode);
        Assert.Equal(rejoin.GenerationId + 1, alone.GenerationId);
        Assert.Single(alone.Members);
        Assert.Equal((short)ErrorCode.UnknownMemberId, (await GroupWire.HeartbeatAsync(silent, group, silentJoin.MemberId, alone.GenerationId)).ErrorCode);
    }

    private static async Task<JoinGroupResponse> JoinTwiceAsync(WireSession session)
    {
        var first = await GroupWire.JoinAsync(session, 5, GroupWire.Join("twenty"));
        Assert.Equal((short)ErrorCode.MemberIdRequired, first.ErrorCode);
        return await GroupWire.JoinAsync(session, 5, GroupWire.Join("twenty", first.MemberId));
    }
}
