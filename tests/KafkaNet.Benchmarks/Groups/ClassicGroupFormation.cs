using KafkaNet.Protocol;

namespace KafkaNet.Benchmarks.Groups;

/// <summary>
/// Brings N classic members into one Stable generation, as a client library would: join, sync, heartbeat,
/// and rejoin when told a rebalance is in progress. With no initial rebalance delay the first join phase
/// closes before everyone has arrived, so this can take several generations; it is set-up, not measured.
/// </summary>
internal static class ClassicGroupFormation
{
    private const int MaxAttempts = 200;
    private const int MaxHeartbeats = 1500;
    private static readonly TimeSpan HeartbeatPause = TimeSpan.FromMilliseconds(20);

    /// <summary>Returns the generation every member has synced in.</summary>
    public static async Task<int> FormAsync(IReadOnlyList<ClassicMember> members, CancellationToken cancellationToken)
    {
        await Task.WhenAll(members.Select(m => m.ObtainIdAsync(cancellationToken))).ConfigureAwait(false);
        var synced = new int[members.Count];
        using var formed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await Task.WhenAll(members.Select((m, i) => MemberLoopAsync(m, i, synced, formed, cancellationToken))).ConfigureAwait(false);
        int generation = synced[0];
        return synced.All(g => g == generation && g > 0)
            ? generation
            : throw new InvalidOperationException($"{members.Count} members did not reach one generation");
    }

    private static async Task MemberLoopAsync(ClassicMember member, int index, int[] synced, CancellationTokenSource formed, CancellationToken cancellationToken)
    {
        for (int attempt = 0; attempt < MaxAttempts && !formed.IsCancellationRequested; attempt++)
        {
            var join = await member.JoinAsync(0, cancellationToken).ConfigureAwait(false);
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
            if (await WaitForOthersAsync(member, join.GenerationId, synced, formed, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
            Volatile.Write(ref synced[index], 0);
        }
    }

    /// <summary>Heartbeats until every member has synced this generation (true) or the group rebalances again (false).</summary>
    private static async Task<bool> WaitForOthersAsync(ClassicMember member, int generation, int[] synced, CancellationTokenSource formed, CancellationToken cancellationToken)
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
                await Task.Delay(HeartbeatPause, formed.Token).ConfigureAwait(false);
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
