using System.Diagnostics;

namespace KafkaNet.Benchmarks.Groups;

/// <summary>
/// Classic rebalances of a Stable group of N members, each on its own connection. Every round all members
/// rejoin at once with new metadata (as after a subscription change), and the round lasts from the moment
/// the last JoinGroup left its client to the moment the last SyncGroup answer arrived: the group is Stable again.
/// </summary>
internal static class ClassicRebalanceBench
{
    public static async Task<List<RebalancePass>> RunAsync(BenchServer server, int memberCount, int rounds, TimeSpan heartbeatPause, TimeSpan passBudget,
        CancellationToken cancellationToken)
    {
        string groupId = "classic-bench-" + memberCount;
        var connections = await BenchConnection.OpenManyAsync(server.Port, memberCount, cancellationToken).ConfigureAwait(false);
        try
        {
            await BenchAdmin.FindCoordinatorAsync(connections[0], groupId, cancellationToken).ConfigureAwait(false);
            var members = connections.Select(c => new ClassicMember(c, groupId)).ToArray();
            var (generation, _, _) = await ClassicGroupFormation.FormAsync(members, heartbeatPause, cancellationToken).ConfigureAwait(false);
            return await RebalanceRounds.RunAsync(server, "classic, rejoin", memberCount, rounds, passBudget,
                async round =>
                {
                    // Round 0 was the forming of the group: rejoins carry metadata 1, 2, ...
                    int next = await RebalanceOnceAsync(members, round + 1, cancellationToken).ConfigureAwait(false);
                    if (next <= generation)
                    {
                        throw new InvalidOperationException($"generation {next} after {generation}: the round did not rebalance");
                    }
                    generation = next;
                    var millis = Stopwatch.GetElapsedTime(members.Max(m => m.JoinSentTicks), members.Max(m => m.SyncAnsweredTicks)).TotalMilliseconds;
                    return (millis, 2L * memberCount);
                },
                _ => Task.CompletedTask).ConfigureAwait(false);
        }
        finally
        {
            BenchConnection.DisposeAll(connections);
        }
    }

    /// <summary>All members rejoin and sync; returns the new generation, which all of them must share.</summary>
    private static async Task<int> RebalanceOnceAsync(ClassicMember[] members, int round, CancellationToken cancellationToken)
    {
        var generations = await Task.WhenAll(members.Select(m => RejoinAsync(m, round, cancellationToken))).ConfigureAwait(false);
        int generation = generations[0];
        return generations.All(g => g == generation)
            ? generation
            : throw new InvalidOperationException($"round {round} ended in generations {string.Join(',', generations.Distinct())}");
    }

    private static async Task<int> RejoinAsync(ClassicMember member, int round, CancellationToken cancellationToken)
    {
        var join = await member.JoinAsync(round, cancellationToken).ConfigureAwait(false);
        if (join.ErrorCode != 0)
        {
            throw new InvalidOperationException($"round {round}: JoinGroup error {join.ErrorCode}");
        }
        var sync = await member.SyncAsync(join, cancellationToken).ConfigureAwait(false);
        return sync.ErrorCode == 0 ? join.GenerationId : throw new InvalidOperationException($"round {round}: SyncGroup error {sync.ErrorCode}");
    }
}
