using KafkaNet.Cluster.Quorum;
using static KafkaNet.Cluster.Tests.Quorum.QuorumTestSupport;

namespace KafkaNet.Cluster.Tests.Quorum;

public sealed class ThreeNodeQuorumTests
{
    [Fact]
    public async Task Three_voters_replicate_in_order_fail_over_and_catch_up_a_restarted_node()
    {
        var root = TempDirectory();
        var voters = Voters(3);
        var appliers = new RecordingApplier[3];
        var nodes = new MetadataQuorum?[3];
        try
        {
            for (var i = 0; i < 3; i++)
                nodes[i] = await MetadataQuorum.StartAsync(Options(i + 1, voters, root), appliers[i] = new RecordingApplier());

            var leader = await AgreedLeader(nodes);
            var leaderNode = nodes[leader - 1]!;
            foreach (var text in new[] { "a", "b", "c" })
                await leaderNode.AppendAsync(Bytes(text), CancellationToken.None);

            await Until(() => appliers.All(a => a.Applied.Count == 3), "all three nodes applied three entries");
            foreach (var applier in appliers)
            {
                Assert.Equal(["a", "b", "c"], applier.Texts);
                Assert.Equal(appliers[leader - 1].Applied.Select(e => e.Index), applier.Applied.Select(e => e.Index));
            }

            var follower = nodes.First(n => n!.NodeId != leader)!;
            var refused = await Assert.ThrowsAsync<NotControllerException>(() => follower.AppendAsync(Bytes("x"), CancellationToken.None));
            Assert.Equal(leader, refused.LeaderId);

            // Stop the leader: the other two elect a new one and keep accepting writes.
            await leaderNode.DisposeAsync();
            nodes[leader - 1] = null;
            var newLeader = await AgreedLeader(nodes);
            Assert.NotEqual(leader, newLeader);
            await nodes[newLeader - 1]!.AppendAsync(Bytes("d"), CancellationToken.None);

            // The old leader comes back on its data directory and catches up.
            var rejoined = new RecordingApplier();
            nodes[leader - 1] = await MetadataQuorum.StartAsync(Options(leader, voters, root), rejoined);
            await Until(() => rejoined.Applied.Count == 4, "the restarted node applied the entry it missed");
            Assert.Equal(["a", "b", "c", "d"], rejoined.Texts);
            Assert.Equal(appliers[newLeader - 1].Applied.Select(e => e.Index), rejoined.Applied.Select(e => e.Index));
            await Until(() => nodes[leader - 1]!.LeaderId == newLeader, "the restarted node knows the new leader");
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
