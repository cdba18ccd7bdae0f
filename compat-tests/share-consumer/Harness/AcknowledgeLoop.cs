using System.Diagnostics;
using KafkaNet.Compat.ShareConsumer.Native;

namespace KafkaNet.Compat.ShareConsumer.Harness;

/// <summary>One polled batch after its acknowledgement: when the poll returned it and when the commit of its
/// acknowledgements was sent (Stopwatch ticks, one monotonic clock for every process of the machine), and how the
/// commit went.</summary>
internal sealed record AcknowledgedBatch(IReadOnlyList<ShareRecord> Records, long ReceivedAt, long AckSentAt, CommitOutcome Commit, IReadOnlyList<string> AcknowledgeErrors)
{
    /// <summary>The records whose acknowledgement the broker confirmed (none when an acknowledge call failed).</summary>
    public IEnumerable<ShareRecord> Confirmed => AcknowledgeErrors.Count > 0 ? [] : Records.Where(r => r.Error is null && Commit.SucceededFor(r.Topic, r.Partition));
}

/// <summary>
/// One share consumer's loop in explicit mode: poll, acknowledge every record of the batch the same way, commit
/// synchronously, hand the batch over. Bounded by <c>timeout</c>; stops early when <c>stop</c> holds.
/// </summary>
internal static class AcknowledgeLoop
{
    private static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan CommitTimeout = TimeSpan.FromSeconds(10);

    public static void Run(ShareConsumer consumer, AcknowledgeType type, Func<bool> stop, TimeSpan timeout, Action<AcknowledgedBatch> onBatch, Action<NativeError> onError)
    {
        var clock = Stopwatch.StartNew();
        while (!stop() && clock.Elapsed < timeout)
        {
            ShareBatch batch = consumer.Poll(PollTimeout);
            long receivedAt = Stopwatch.GetTimestamp();
            if (batch.Error is not null)
            {
                onError(batch.Error);
            }
            if (batch.Records.Count == 0)
            {
                continue;
            }
            var acknowledgeErrors = batch.Records.Where(r => r.Error is null)
                .Select(r => consumer.Acknowledge(r, type) is string error ? $"{r}: {error}" : null).OfType<string>().ToList();
            long ackSentAt = Stopwatch.GetTimestamp();
            onBatch(new AcknowledgedBatch(batch.Records, receivedAt, ackSentAt, consumer.CommitSync(CommitTimeout), acknowledgeErrors));
        }
    }

    /// <summary>Stopwatch ticks as milliseconds.</summary>
    public static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
