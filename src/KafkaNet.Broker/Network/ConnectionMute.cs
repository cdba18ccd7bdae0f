namespace KafkaNet.Broker.Network;

/// <summary>
/// A throttled connection's mute (KIP-219): after a throttled response goes out, no further request of the
/// connection is started until the throttle time has passed. Extending keeps the later of the two ends.
/// </summary>
internal sealed class ConnectionMute
{
    // Environment.TickCount64 until which the connection is muted; 0 when never muted.
    private long _until;

    public void Extend(int milliseconds)
    {
        long until = Environment.TickCount64 + milliseconds;
        long current;
        do
        {
            current = Volatile.Read(ref _until);
            if (current >= until)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _until, until, current) != current);
    }

    /// <summary>Completes at once when not muted (no allocation), else when the mute ends.</summary>
    public ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        long left = Volatile.Read(ref _until) - Environment.TickCount64;
        return left <= 0 ? ValueTask.CompletedTask : new ValueTask(Task.Delay(TimeSpan.FromMilliseconds(left), cancellationToken));
    }
}
