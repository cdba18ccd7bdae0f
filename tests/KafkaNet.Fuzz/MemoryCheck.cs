namespace KafkaNet.Fuzz;

/// <summary>
/// Invariant (c): with every fuzz connection closed, the broker's resident memory comes back to
/// within a bound of the baseline taken after the warm-up.
/// </summary>
internal static class MemoryCheck
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);

    public static async Task<CheckResult> RunAsync(int pid, long baselineBytes, long boundMb)
    {
        long bound = baselineBytes + (boundMb << 20);
        long rss = -1;
        var until = DateTime.UtcNow + Settle;
        await Task.Delay(TimeSpan.FromSeconds(3)).ConfigureAwait(false);
        while (true)
        {
            rss = ProcessStats.RssBytes(pid);
            if (rss <= bound || DateTime.UtcNow >= until)
            {
                break;
            }
            await Task.Delay(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
        }
        return new CheckResult("memory returns near the baseline", rss >= 0 && rss <= bound,
            $"RSS {rss >> 20} MiB after settling, baseline {baselineBytes >> 20} MiB, bound baseline + {boundMb} MiB");
    }
}
