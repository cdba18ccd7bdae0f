namespace KafkaNet.Cli.Perf;

/// <summary>
/// What an end-to-end record carries: its place in the run and when it was handed to the
/// producer, as a <see cref="System.Diagnostics.Stopwatch"/> timestamp of the same process.
/// </summary>
internal readonly record struct Stamp(long Sequence, long SentAt)
{
    /// <summary>A record this run did not write (too short to hold a stamp).</summary>
    public static Stamp None { get; } = new(-1, 0);

    public bool IsNone => Sequence < 0;
}
