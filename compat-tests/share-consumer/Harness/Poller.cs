using System.Diagnostics;
using KafkaNet.Compat.ShareConsumer.Native;

namespace KafkaNet.Compat.ShareConsumer.Harness;

/// <summary>
/// Polls share consumers in turn from one thread, every wait bounded, and remembers the errors the polls
/// returned so a failed check can say what the client saw.
/// </summary>
internal sealed class Poller
{
    private static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(500);
    private readonly List<string> _errors = [];

    /// <summary>Distinct poll errors, each with the consumer that saw it first.</summary>
    public IReadOnlyList<string> Errors => _errors;

    public bool FatalSeen { get; private set; }

    /// <summary>
    /// Polls each consumer in turn, handing non-empty batches to <paramref name="onRecords"/>, until
    /// <paramref name="done"/> holds (checked after every poll), a fatal error is seen, or <paramref name="timeout"/> passes.
    /// </summary>
    public bool PollUntil(IReadOnlyList<ShareConsumer> consumers, Action<ShareConsumer, IReadOnlyList<ShareRecord>> onRecords, Func<bool> done, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout && !FatalSeen)
        {
            foreach (ShareConsumer consumer in consumers)
            {
                ShareBatch batch = consumer.Poll(PollTimeout);
                Remember(consumer, batch.Error);
                if (batch.Records.Count > 0)
                {
                    onRecords(consumer, batch.Records);
                }
                if (done())
                {
                    return true;
                }
            }
        }
        return done();
    }

    /// <summary>Polls for the whole of <paramref name="duration"/>, handing over whatever arrives.</summary>
    public void PollFor(IReadOnlyList<ShareConsumer> consumers, Action<ShareConsumer, IReadOnlyList<ShareRecord>> onRecords, TimeSpan duration) =>
        PollUntil(consumers, onRecords, () => false, duration);

    public void Remember(ShareConsumer consumer, NativeError? error)
    {
        if (error is null)
        {
            return;
        }
        FatalSeen |= error.Fatal;
        if (!_errors.Any(e => e.EndsWith(error.ToString(), StringComparison.Ordinal)))
        {
            _errors.Add($"{consumer.Name}: {error}");
        }
    }

    public override string ToString() => _errors.Count == 0 ? "no poll errors" : "poll errors: " + string.Join("; ", _errors);
}
