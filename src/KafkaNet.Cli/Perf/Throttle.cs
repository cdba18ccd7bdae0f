namespace KafkaNet.Cli.Perf;

/// <summary>
/// Holds a sender to a target rate by comparing how many records it has sent with how many the
/// elapsed time allows. The schedule is absolute, so coarse sleeps never make the rate drift.
/// </summary>
internal sealed class Throttle
{
    private readonly long _recordsPerSecond;

    /// <param name="recordsPerSecond">Target rate; -1 (or any value below 1) means unlimited.</param>
    public Throttle(long recordsPerSecond)
    {
        _recordsPerSecond = recordsPerSecond;
    }

    /// <summary>How long to wait before sending the next record after <paramref name="sent"/> records.</summary>
    public TimeSpan Delay(long sent, TimeSpan elapsed)
    {
        if (_recordsPerSecond < 1)
        {
            return TimeSpan.Zero;
        }

        var due = TimeSpan.FromSeconds((double)sent / _recordsPerSecond);
        return due > elapsed ? due - elapsed : TimeSpan.Zero;
    }
}
