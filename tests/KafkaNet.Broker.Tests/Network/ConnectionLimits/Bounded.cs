using System.Diagnostics;

namespace KafkaNet.Broker.Tests.Network.ConnectionLimits;

/// <summary>Waits for the broker to notice what a client did (a close, a config change), within a fixed time.</summary>
internal static class Bounded
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static async Task UntilAsync(Func<bool> condition, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < Timeout, what + " did not happen within " + Timeout);
            await Task.Delay(20);
        }
    }
}
