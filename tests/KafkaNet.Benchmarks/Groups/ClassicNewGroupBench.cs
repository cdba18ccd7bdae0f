namespace KafkaNet.Benchmarks.Groups;

/// <summary>
/// A new classic group each round: N members, each on its own connection, get their ids (MEMBER_ID_REQUIRED),
/// then join at once and go on as a client would until all of them have synced one generation. The round lasts
/// from the last member's JoinGroup with its id to the last SyncGroup answer; with no initial rebalance delay
/// that can take several generations. The members then leave in one batched LeaveGroup.
/// </summary>
internal static class ClassicNewGroupBench
{
    public static async Task<List<RebalancePass>> RunAsync(BenchServer server, int memberCount, int rounds, TimeSpan heartbeatPause, TimeSpan passBudget,
        CancellationToken cancellationToken)
    {
        var connections = await BenchConnection.OpenManyAsync(server.Port, memberCount, cancellationToken).ConfigureAwait(false);
        try
        {
            await BenchAdmin.FindCoordinatorAsync(connections[0], "classic-new", cancellationToken).ConfigureAwait(false);
            ClassicMember[] members = [];
            return await RebalanceRounds.RunAsync(server, "classic, new group", memberCount, rounds, passBudget,
                async round =>
                {
                    members = connections.Select(c => new ClassicMember(c, $"classic-new-{memberCount}-{round}")).ToArray();
                    var (_, millis, requests) = await ClassicGroupFormation.FormAsync(members, heartbeatPause, cancellationToken).ConfigureAwait(false);
                    return (millis, requests);
                },
                _ => members[0].LeaveAsync(members.Select(m => m.MemberId), cancellationToken)).ConfigureAwait(false);
        }
        finally
        {
            BenchConnection.DisposeAll(connections);
        }
    }
}
