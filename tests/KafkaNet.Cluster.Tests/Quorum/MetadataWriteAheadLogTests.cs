using DotNext.IO.Log;
using DotNext.Net.Cluster.Consensus.Raft;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;
using KafkaNet.Cluster.Quorum;
using static KafkaNet.Cluster.Tests.Quorum.QuorumTestSupport;

namespace KafkaNet.Cluster.Tests.Quorum;

/// <summary>
/// A follower's log as the Raft engine drives it: it commits only what the leader's AppendEntries vouched for (an
/// entry of an old term past the request's previous index stays uncommitted and unapplied even when the leader's
/// commit index is beyond it), and an entry the next leader replaced is not reported to whoever appended it.
/// </summary>
public sealed class MetadataWriteAheadLogTests
{
    [Fact]
    public Task A_heartbeat_without_entries_commits_no_further_than_its_previous_index() => WithLogAsync(async (log, applier) =>
    {
        // Entries 1-2 as the old leader replicated them; 3 is an entry of that leader's term nobody else has.
        for (int i = 1; i <= 3; i++)
        {
            await log.AppendAsync(new BinaryLogEntry { Content = Bytes($"old-{i}"), Term = 1 }, CancellationToken.None);
        }
        IAuditTrail<IRaftLogEntry> trail = log;
        IAuditTrail commits = log;

        // The new leader's heartbeat: previous index 2 matches, no entries, its commit index already at 3.
        await trail.AppendAsync(new LogEntryProducer<IRaftLogEntry>([]), 3, skipCommitted: true, CancellationToken.None);
        await commits.CommitAsync(3, CancellationToken.None);

        Assert.Equal(2, log.LastCommittedEntryIndex);
        Assert.Equal(2, log.LastVouchedIndex);

        await ReplaceThirdAsync(log);
        Assert.Equal(3, log.LastCommittedEntryIndex);
        Assert.Equal(["old-1", "old-2", "new-3"], applier.Texts);
    });

    [Fact]
    public Task An_appended_entry_the_next_leader_replaced_is_not_reported_as_committed() => WithLogAsync(async (log, applier) =>
    {
        // The old leader (term 1) appends entries 1-2, then entry 3 and waits for its commit.
        for (int i = 1; i <= 2; i++)
        {
            await log.AppendAsync(new BinaryLogEntry { Content = Bytes($"old-{i}"), Term = 1 }, CancellationToken.None);
        }
        var ticket = new AppendTicket(term: 1);
        await log.AppendAsync(new BinaryLogEntry { Content = Bytes("old-3"), Term = 1, Context = ticket }, CancellationToken.None);

        // The engine still holds the ticket for index 3 when the replacement there is applied.
        await ReplaceThirdAsync(log);
        Assert.Equal(["old-1", "old-2", "new-3"], applier.Texts);
        Assert.Equal(0, ticket.Index);
    });

    // The term 2 leader's entry 3 replaces whatever is there, and is committed and applied.
    private static async Task ReplaceThirdAsync(MetadataWriteAheadLog log)
    {
        IAuditTrail<IRaftLogEntry> trail = log;
        IAuditTrail commits = log;
        IRaftLogEntry replacement = new BinaryLogEntry { Content = Bytes("new-3"), Term = 2 };
        await trail.AppendAsync(new LogEntryProducer<IRaftLogEntry>([replacement]), 3, skipCommitted: true, CancellationToken.None);
        await commits.CommitAsync(3, CancellationToken.None);
        await log.WaitForApplyAsync(3, CancellationToken.None).AsTask().WaitAsync(Deadline);
    }

    private static async Task WithLogAsync(Func<MetadataWriteAheadLog, RecordingApplier, Task> body)
    {
        string root = TempDirectory();
        try
        {
            var applier = new RecordingApplier();
            await using var machine = new MetadataStateMachine(new DirectoryInfo(Path.Combine(root, "snapshots")), applier, 1000);
            await using var log = new MetadataWriteAheadLog(new WriteAheadLog.Options { Location = Path.Combine(root, "log") }, machine);
            await body(log, applier);
        }
        finally
        {
            DeleteQuietly(root);
        }
    }
}
