using System.Diagnostics;

namespace KafkaNet.Benchmarks.Groups;

/// <summary>
/// The passes every rebalance benchmark makes: a first pass on the fresh broker, then a warm second pass, each
/// of up to <c>rounds</c> rounds within a time budget. The broker CPU counted is that of the measured part of
/// each round; what a round does afterwards (members leaving) is not counted.
/// </summary>
internal static class RebalanceRounds
{
    public static async Task<List<RebalancePass>> RunAsync(BenchServer server, string scenario, int members, int rounds, TimeSpan passBudget,
        Func<int, Task<(double Millis, long Requests)>> measure, Func<int, Task> afterRound)
    {
        var passes = new List<RebalancePass>();
        int round = 0;
        foreach (string pass in new[] { "first", "warm" })
        {
            var millis = new List<double>(rounds);
            double cpu = 0;
            long requests = 0;
            var clock = Stopwatch.StartNew();
            while (millis.Count < rounds && clock.Elapsed < passBudget)
            {
                double cpuBefore = server.CpuSeconds();
                var (ms, sent) = await measure(round).ConfigureAwait(false);
                cpu += server.CpuSeconds() - cpuBefore;
                millis.Add(ms);
                requests += sent;
                await afterRound(round).ConfigureAwait(false);
                round++;
            }
            passes.Add(RebalancePass.From(scenario, members, pass, millis, cpu, requests));
            Console.WriteLine(passes[^1]);
        }
        return passes;
    }
}
