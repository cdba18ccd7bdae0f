namespace KafkaNet.Benchmarks.Groups;

/// <summary>
/// Consumer-group benchmarks against the real server in its own process: classic and KIP-848 time to Stable
/// for groups of N members, and offset commits per second, each with the broker's CPU time per operation.
/// Every configuration runs on a fresh broker, a first pass then a warm second pass.
/// Run: dotnet run -c Release --project tests/KafkaNet.Benchmarks -- group-bench [scenarios] [options]
/// </summary>
internal static class GroupBench
{
    // No initial rebalance delay, so a new classic group's first join phase does not wait 3 s for more members.
    private static readonly string[] ServerSettings = ["group.initial.rebalance.delay.ms=0"];

    public static async Task<int> RunAsync(string[] args)
    {
        var options = GroupBenchOptions.Parse(args);
        Console.WriteLine(FormattableString.Invariant($"group-bench {string.Join(' ', args.Skip(1))}"));
        Console.WriteLine(FormattableString.Invariant($"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {BenchReport.MachineLine()}"));
        var rebalances = new List<RebalancePass>();
        var commits = new List<CommitPass>();
        int failures = 0;
        for (int run = 1; run <= options.Runs; run++)
        {
            if (options.Scenarios.Contains("classic"))
            {
                foreach (int members in options.Members)
                {
                    failures += await RunOneAsync($"classic rejoin N={members} run {run}", options, (server, token) =>
                        Collect(rebalances, ClassicRebalanceBench.RunAsync(server, members, options.RoundsFor(members), options.HeartbeatPause, options.RebalancePassBudget, token))).ConfigureAwait(false);
                    failures += await RunOneAsync($"classic new group N={members} run {run}", options, (server, token) =>
                        Collect(rebalances, ClassicNewGroupBench.RunAsync(server, members, options.NewGroupRoundsFor(members), options.HeartbeatPause, options.RebalancePassBudget, token))).ConfigureAwait(false);
                }
            }
            if (options.Scenarios.Contains("consumer"))
            {
                foreach (int members in options.Members)
                {
                    failures += await RunOneAsync($"consumer N={members} run {run}", options, (server, token) =>
                        Collect(rebalances, ConsumerRebalanceBench.RunAsync(server, members, options.ConsumerTopicPartitions, options.NewGroupRoundsFor(members),
                            options.HeartbeatPause, options.RebalancePassBudget, token))).ConfigureAwait(false);
                }
            }
            if (options.Scenarios.Contains("commits"))
            {
                foreach (int connections in options.Connections)
                {
                    foreach (int partitions in options.PartitionsPerCommit)
                    {
                        failures += await RunOneAsync($"commits K={connections} P={partitions} run {run}", options, (server, token) =>
                            Collect(commits, OffsetCommitBench.RunAsync(server, connections, partitions, options.MaxRequestsPerConnection, options.CommitSeconds, token))).ConfigureAwait(false);
                    }
                }
            }
        }
        Console.WriteLine();
        if (rebalances.Count > 0)
        {
            BenchReport.PrintRebalances(rebalances);
            Console.WriteLine();
        }
        if (commits.Count > 0)
        {
            BenchReport.PrintCommits(commits);
        }
        return failures == 0 ? 0 : 1;
    }

    /// <summary>Runs one configuration on a fresh broker, which is killed afterwards whatever happens; returns 1 on failure.</summary>
    private static async Task<int> RunOneAsync(string name, GroupBenchOptions options, Func<BenchServer, CancellationToken, Task> body)
    {
        Console.WriteLine("== " + name);
        using var budget = new CancellationTokenSource(options.ConfigurationBudget);
        try
        {
            using var server = await BenchServer.StartAsync(ServerSettings).ConfigureAwait(false);
            await body(server, budget.Token).ConfigureAwait(false);
            Console.WriteLine(FormattableString.Invariant($"   broker RSS {server.ResidentMiB()} MiB"));
            return 0;
        }
#pragma warning disable CA1031 // One failed configuration is reported and the others still run.
        catch (Exception e)
        {
            Console.WriteLine($"   FAILED: {e.GetType().Name}: {e.Message}");
            return 1;
        }
#pragma warning restore CA1031
    }

    private static async Task Collect<T>(List<T> into, Task<List<T>> passes) => into.AddRange(await passes.ConfigureAwait(false));
}
