using DotNext.IO.Log;
using DotNext.Net.Cluster.Consensus.Raft;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;
using KafkaNet.Cluster.Quorum;
using static KafkaNet.Cluster.Tests.Quorum.QuorumTestSupport;

namespace KafkaNet.Cluster.Tests.Quorum;

/// <summary>
/// A follower commits only what the leader's AppendEntries vouched for: an entry of an old term past the request's
/// previous index stays uncommitted (and unapplied) even when the leader's commit index is beyond it.
/// </summary>
public sealed class MetadataWriteAheadLogTests
{
    [Fact]
    public async Task A_heartbeat_without_entries_commits_no_further_than_its_previous_index()
    {
        string root = TempDirectory();
        try
        {
            var applier = new RecordingApplier();
            await using var machine = new MetadataStateMachine(new DirectoryInfo(Path.Combine(root, "snapshots")), applier, 1000);
            await using var log = new MetadataWriteAheadLog(new WriteAheadLog.Options { Location = Path.Combine(root, "log") }, machine);
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

            // Its entry 3 replaces the stale one and is committed with it.
            IRaftLogEntry replacement = new BinaryLogEntry { Content = Bytes("new-3"), Term = 2 };
            await trail.AppendAsync(new LogEntryProducer<IRaftLogEntry>([replacement]), 3, skipCommitted: true, CancellationToken.None);
            await commits.CommitAsync(3, CancellationToken.None);
            await log.WaitForApplyAsync(3, CancellationToken.None).AsTask().WaitAsync(Deadline);

            Assert.Equal(3, log.LastCommittedEntryIndex);
            Assert.Equal(["old-1", "old-2", "new-3"], applier.Texts);
        }
        finally
        {
            DeleteQuietly(root);
        }
    }
}
