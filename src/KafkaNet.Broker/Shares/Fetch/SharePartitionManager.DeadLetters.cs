using KafkaNet.Broker.Shares.DeadLetter;
using KafkaNet.Protocol;
using Microsoft.Extensions.Logging;

namespace KafkaNet.Broker.Shares.Fetch;

public sealed partial class SharePartitionManager
{
    /// <summary>The most Archiving records one dead-letter write takes.</summary>
    public const int MaxDeadLettersPerWrite = 500;

    private static readonly TimeSpan FirstDeadLetterRetry = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan LastDeadLetterRetry = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Whether records given up on wait for dead-letter records: the group names a dead-letter topic now and this
    /// broker writes them. Read before every operation, so a config change applies to the next archive.
    /// </summary>
    private void FollowDeadLetterConfig(LedSharePartition led)
    {
        led.State.DeadLettering = _deadLetters() is not null && View?.ConfigOf(led.Key.GroupId).DeadLetterTopic is not null;
    }

    /// <summary>Starts the partition's dead-letter drain unless one runs; called under the gate after Archiving was persisted.</summary>
    private void ScheduleDeadLetters(LedSharePartition led)
    {
        if (Interlocked.Exchange(ref led.Draining, 1) == 1) return;
        _ = DrainDeadLettersAsync(led);
    }

    /// <summary>
    /// Writes the dead-letter records of the partition's Archiving records, then makes them Archived and persists
    /// that, until none is left. Order is what makes a kill -9 safe: Archiving is persisted before the write, and
    /// Archived only after it, so a restart finds every record whose dead-letter record may be missing still
    /// Archiving, and the write after it skips those the dead-letter topic already holds.
    /// </summary>
    private async Task DrainDeadLettersAsync(LedSharePartition led)
    {
        await Task.Yield();
        var retry = FirstDeadLetterRetry;
        try
        {
            while (true)
            {
                var (runs, config, inDoubt) = await TakeArchivingAsync(led).ConfigureAwait(false);
                if (runs is null) return;
                var outcome = await WriteDeadLettersAsync(led.Key, config, runs, inDoubt).ConfigureAwait(false);
                if (outcome == DeadLetterOutcome.Failed)
                {
                    await Task.Delay(retry, _stopping.Token).ConfigureAwait(false);
                    retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LastDeadLetterRetry.Ticks));
                    continue;
                }
                retry = FirstDeadLetterRetry;
                if (!await FinishArchivingAsync(led, runs).ConfigureAwait(false)) return;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            // Stopping: what is still Archiving is persisted so, and the next leader writes it.
        }
    }

    /// <summary>The next Archiving runs under the gate; null runs (and the drain marked stopped) when there are none.</summary>
    private async Task<(IReadOnlyList<ArchivedRecords>? Runs, SharePartitionConfig Config, bool InDoubt)> TakeArchivingAsync(LedSharePartition led)
    {
        await led.Gate.WaitAsync(_stopping.Token).ConfigureAwait(false);
        try
        {
            bool inDoubt = false;
            var runs = IsCurrent(led) ? led.State.ArchivingRuns(MaxDeadLettersPerWrite, out inDoubt) : [];
            if (runs.Count == 0)
            {
                Volatile.Write(ref led.Draining, 0);
                return (null, led.State.Config, false);
            }
            return (runs, View?.ConfigOf(led.Key.GroupId) ?? led.State.Config, inDoubt);
        }
        finally
        {
            led.Gate.Release();
        }
    }

    private async Task<DeadLetterOutcome> WriteDeadLettersAsync(SharePartitionKey key, SharePartitionConfig config, IReadOnlyList<ArchivedRecords> runs,
        bool inDoubt)
    {
        if (_deadLetters() is not { } writer) return DeadLetterOutcome.Skipped;
        try
        {
            return await writer.WriteAsync(key, config, runs, inDoubt, _stopping.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not (OperationCanceledException or ObjectDisposedException))
        {
            _logger.LogWarning(e, "Writing dead-letter records of share group {Group} partition {TopicId}-{Partition} failed; retrying",
                key.GroupId, key.TopicId, key.Partition);
            return DeadLetterOutcome.Failed;
        }
    }

    /// <summary>The written runs become Archived and that is persisted; false when the partition is no longer this one.</summary>
    private async Task<bool> FinishArchivingAsync(LedSharePartition led, IReadOnlyList<ArchivedRecords> runs)
    {
        await led.Gate.WaitAsync(_stopping.Token).ConfigureAwait(false);
        try
        {
            if (!IsCurrent(led))
            {
                Volatile.Write(ref led.Draining, 0);
                return false;
            }
            foreach (var run in runs) led.State.FinishArchiving(run.FirstOffset, run.LastOffset);
            if (await PersistAsync(led, _stopping.Token).ConfigureAwait(false) != ErrorCode.None)
            {
                // Dropped: the next load finds the records Archiving (written, but checked before writing again).
                Volatile.Write(ref led.Draining, 0);
                return false;
            }
            return true;
        }
        finally
        {
            led.Gate.Release();
        }
    }

    private bool IsCurrent(LedSharePartition led) => _partitions.TryGetValue(led.Key, out var current) && ReferenceEquals(current, led);
}
