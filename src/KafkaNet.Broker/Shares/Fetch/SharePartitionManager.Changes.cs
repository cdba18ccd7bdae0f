namespace KafkaNet.Broker.Shares.Fetch;

public sealed partial class SharePartitionManager
{
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Completes at the next persisted change of any share-partition here (an acknowledgement, a release, a lock that
    /// ran out, an acquisition), so a waiting ShareFetch looks again at once rather than at its next poll: records
    /// another member gave back, or a key another member finished with, go out without delay.
    /// </summary>
    public Task NextChange => Volatile.Read(ref _changed).Task;

    private void SignalChange() =>
        Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
