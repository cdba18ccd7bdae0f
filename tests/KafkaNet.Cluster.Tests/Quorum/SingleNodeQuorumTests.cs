using KafkaNet.Cluster.Quorum;
using static KafkaNet.Cluster.Tests.Quorum.QuorumTestSupport;

namespace KafkaNet.Cluster.Tests.Quorum;

public sealed class SingleNodeQuorumTests
{
    [Fact]
    public async Task Single_voter_leads_at_once_and_commits_alone()
    {
        var root = TempDirectory();
        try
        {
            var voters = Voters(1);
            var applier = new RecordingApplier();
            await using var quorum = await MetadataQuorum.StartAsync(Options(1, voters, root), applier);

            Assert.True(quorum.IsLeader);
            Assert.Equal(1, quorum.LeaderId);

            var first = await quorum.AppendAsync(Bytes("a"), CancellationToken.None);
            var second = await quorum.AppendAsync(Bytes("b"), CancellationToken.None);

            Assert.True(second > first);
            Assert.Equal(["a", "b"], applier.Texts);
            Assert.Equal([first, second], applier.Applied.Select(e => e.Index));
            Assert.True(quorum.CommittedIndex >= second);

            var description = quorum.Describe();
            Assert.Equal(1, description.LeaderId);
            Assert.Equal(quorum.Epoch, description.LeaderEpoch);
            Assert.True(description.HighWatermark >= second);
            var self = Assert.Single(description.CurrentVoters);
            Assert.Equal(1, self.ReplicaId);
            Assert.True(self.LogEndOffset >= second);
        }
        finally
        {
            DeleteQuietly(root);
        }
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(3)]
    public async Task Restart_replays_committed_entries_exactly_once_in_order(int snapshotInterval)
    {
        var root = TempDirectory();
        try
        {
            var voters = Voters(1);
            var expected = Enumerable.Range(0, 7).Select(i => "entry-" + i).ToList();
            var before = new RecordingApplier();
            await using (var quorum = await MetadataQuorum.StartAsync(Options(1, voters, root, snapshotInterval), before))
            {
                foreach (var text in expected)
                    await quorum.AppendAsync(Bytes(text), CancellationToken.None);
            }

            var after = new RecordingApplier();
            await using (var restarted = await MetadataQuorum.StartAsync(Options(1, voters, root, snapshotInterval), after))
            {
                Assert.Equal(expected, after.Texts);
                Assert.Equal(before.Applied.Select(e => e.Index), after.Applied.Select(e => e.Index));

                var next = await restarted.AppendAsync(Bytes("entry-7"), CancellationToken.None);
                Assert.True(next > before.Applied[^1].Index);
                Assert.Equal([.. expected, "entry-7"], after.Texts);
            }

            if (snapshotInterval < expected.Count)
                Assert.Equal(1, after.SnapshotsRestored);
            else
                Assert.Equal(0, after.SnapshotsRestored);
        }
        finally
        {
            DeleteQuietly(root);
        }
    }

    [Fact]
    public async Task Empty_entries_are_refused()
    {
        var root = TempDirectory();
        try
        {
            await using var quorum = await MetadataQuorum.StartAsync(Options(1, Voters(1), root), new RecordingApplier());
            await Assert.ThrowsAsync<ArgumentException>(() => quorum.AppendAsync(ReadOnlyMemory<byte>.Empty, CancellationToken.None));
        }
        finally
        {
            DeleteQuietly(root);
        }
    }
}
