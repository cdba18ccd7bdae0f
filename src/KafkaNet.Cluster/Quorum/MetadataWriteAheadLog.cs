using DotNext.IO.Log;
using DotNext.Net.Cluster.Consensus.Raft;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;

namespace KafkaNet.Cluster.Quorum;

/// <summary>
/// The Raft engine's write-ahead log with a follower's commit bounded as the Raft paper bounds it: by the last entry
/// the leader's AppendEntries vouched for (its previous index plus the entries it carried). The engine appends a
/// request's entries, then commits up to the leader's commit index; a follower still holding an entry of an old term
/// past the previous index (written by a leader paused or killed before it committed) would apply that entry, which
/// the new leader replaces, and its metadata image would differ from the others' for good.
/// </summary>
internal sealed class MetadataWriteAheadLog(WriteAheadLog.Options options, IStateMachine stateMachine)
    : WriteAheadLog(options, stateMachine), IAuditTrail<IRaftLogEntry>, IAuditTrail
{
    private const long NoneVouched = -1L;

    // Set by the follower's append of an AppendEntries, taken by the commit that follows it under the same lock.
    private long _vouched = NoneVouched;

    /// <summary>The highest index a follower was allowed to commit by the last AppendEntries (tests).</summary>
    internal long LastVouchedIndex { get; private set; } = NoneVouched;

    ValueTask IAuditTrail<IRaftLogEntry>.AppendAsync<TEntry>(ILogEntryProducer<TEntry> entries, long startIndex, bool skipCommitted, CancellationToken token)
    {
        ArgumentNullException.ThrowIfNull(entries);
        long vouched = startIndex - 1L + entries.RemainingCount;
        Volatile.Write(ref _vouched, vouched);
        LastVouchedIndex = vouched;
        return AppendAsync(entries, startIndex, skipCommitted, token);
    }

    ValueTask<long> IAuditTrail.CommitAsync(long endIndex, CancellationToken token)
    {
        long vouched = Interlocked.Exchange(ref _vouched, NoneVouched);
        if (vouched != NoneVouched)
        {
            endIndex = Math.Min(endIndex, vouched);
            if (endIndex <= LastCommittedEntryIndex)
            {
                return ValueTask.FromResult(0L);
            }
        }
        return CommitAsync(endIndex, token);
    }
}
