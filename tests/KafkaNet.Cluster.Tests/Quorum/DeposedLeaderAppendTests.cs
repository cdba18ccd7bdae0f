using DotNext.Net.Cluster.Consensus.Raft;
using KafkaNet.Cluster.Quorum;
using static KafkaNet.Cluster.Tests.Quorum.QuorumTestSupport;

namespace KafkaNet.Cluster.Tests.Quorum;

/// <summary>
/// A leader that was paused comes back while the others elected a new one: the Raft engine adopts the higher term it
/// hears of before it steps down. An entry the old leader appends in that moment must carry the term it leads in, so
/// the new leader replaces it; an entry stamped with the new term would pass the new leader's consistency check, stay
/// in this node's log alone, and its metadata image would differ from the others' for good.
/// </summary>
public sealed class DeposedLeaderAppendTests
{
    [Fact]
    public async Task A_leader_whose_term_moved_on_appends_nothing_and_answers_not_controller()
    {
        var root = TempDirectory();
        var voters = Voters(3);
        var nodes = new MetadataQuorum?[3];
        try
        {
            for (var i = 0; i < 3; i++)
                nodes[i] = await MetadataQuorum.StartAsync(Options(i + 1, voters, root), new RecordingApplier());
            var leader = nodes[await AgreedLeader(nodes) - 1]!;
            await leader.AppendAsync(Bytes("before"), CancellationToken.None).WaitAsync(Deadline);
            long lastEntry = leader.Log.LastEntryIndex;
            long term = leader.Epoch;

            // What the engine does first on hearing of a newer leader: it takes the term, then steps down.
            await ((IPersistentState)leader.Log).UpdateTermAsync(term + 1, resetLastVote: false, CancellationToken.None);

            await Assert.ThrowsAsync<NotControllerException>(() => leader.AppendAsync(Bytes("stale"), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.Equal(lastEntry, leader.Log.LastEntryIndex);
        }
        finally
        {
            foreach (var node in nodes)
            {
                if (node is not null)
                    await node.DisposeAsync();
            }
            DeleteQuietly(root);
        }
    }
}
