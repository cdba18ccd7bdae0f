using System.Diagnostics;
using KafkaNet.Protocol;

namespace KafkaNet.Benchmarks.Groups;

/// <summary>
/// Brings N classic members into one Stable generation, as a client library would: join, sync, heartbeat,
/// and rejoin when told a rebalance is in progress. With no initial rebalance delay the first join phase
/// closes before everyone has arrived, so this can take several generations. A member that has synced
/// heartbeats after <c>heartbeatPause</c> to learn of the next rebalance, as a client does after its interval.
/// </summary>
internal static class ClassicGroupFormation
{
    private const int MaxAttempts = 200;
    private const int MaxHeartbeats = 1500;

    /// <summary>
    /// Returns the generation every member has synced in, the time from the last member's first JoinGroup with its
    /// id to the last SyncGroup answer of that generation, and the requests sent in that span.
    /// </summary>
    public static async Task<(int Generation, double Millis, long Requests)> FormAsync(IReadOnlyList<ClassicMember> members, TimeSpan heartbeatPause,
        CancellationToken cancellationToken)
    {
        await Task.WhenAll(members.Select(m => m.ObtainIdAsync(cancellationToken))).ConfigureAwait(false);
        long requestsBefore = members.Sum(m => m.Requests);
        var synced = new int[members.Count];
        var firstJoins = new long[members.Count];
        using var formed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await Task.WhenAll(members.Select((m, i) => MemberLoopAsync(m, i, synced, firstJoins, heartbeatPause, formed, cancellationToken))).ConfigureAwait(false);
        int generation = synced[0];
        if (!synced.All(g => g == generation && g > 0))
        {
            throw new InvalidOperationException($"{members.Count} members did not reach one generation");
        }
        var millis = Stopwatch.GetElapsedTime(firstJoins.Max(), members.Max(m => m.SyncAnsweredTicks)).TotalMilliseconds;
        return (generation, millis, members.Sum(m => m.Requests) - requestsBefore);
    }

    private static async Task MemberLoopAsync(ClassicMember member, int index, int[] synced, long[] firstJoins, TimeSpan heartbeatPause,
        CancellationTokenSource formed, CancellationToken cancellationToken)
    {
        for (int attempt = 0; attempt < MaxAttempts && !formed.IsCancellationRequested; attempt++)
        {
            var join = await member.JoinAsync(0, cancellationToken).ConfigureAwait(false);
            if (attempt == 0)
            {
                firstJoins[index] = member.JoinSentTicks;
            }
            if (join.ErrorCode == (short)ErrorCode.UnknownMemberId)
            {
                await member.ObtainIdAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }
            if (join.ErrorCode != 0 || (await member.SyncAsync(join, cancellationToken).ConfigureAwait(false)).ErrorCode != 0)
            {
                continue;
            }
            Volatile.Write(ref synced[index], join.GenerationId);
            if (await WaitForOthersAsync(member, join.GenerationId, synced, heartbeatPause, formed, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
            Volatile.Write(ref synced[index], 0);
        }
    }

    /// <summary>Heartbeats until every member has synced this generation (true) or the group rebalances again (false).</summary>
    private static async Task<bool> WaitForOthersAsync(ClassicMember member, int generation, int[] synced, TimeSpan heartbeatPause,
        CancellationTokenSource formed, CancellationToken cancellationToken)
    {
        for (int beat = 0; beat < MaxHeartbeats; beat++)
        {
            if (formed.IsCancellationRequested || AllSynced(synced, generation))
            {
                await formed.CancelAsync().ConfigureAwait(false);
                return true;
            }
            try
            {
                await Task.Delay(heartbeatPause, formed.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return true;
            }
            if (await member.HeartbeatAsync(generation, cancellationToken).ConfigureAwait(false) != 0)
            {
                return false;
            }
        }
        return false;
    }

    private static bool AllSynced(int[] synced, int generation)
    {
        for (int i = 0; i < synced.Length; i++)
        {
            if (Volatile.Read(ref synced[i]) != generation)
            {
                return false;
            }
        }
        return true;
    }
}
