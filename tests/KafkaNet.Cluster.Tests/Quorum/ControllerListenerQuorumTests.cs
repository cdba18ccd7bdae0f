using KafkaNet.Broker;
using KafkaNet.Cluster.Network;
using KafkaNet.Cluster.Tests.Network;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using static KafkaNet.Cluster.Tests.Quorum.QuorumTestSupport;

namespace KafkaNet.Cluster.Tests.Quorum;

public sealed class ControllerListenerQuorumTests
{
    [Fact]
    public async Task Three_voters_on_their_controller_listeners_elect_replicate_fail_over_and_answer_kafka_requests()
    {
        var root = TempDirectory();
        var voters = Voters(3);
        var nodes = await StartThree(voters, root);
        try
        {

            var leader = await AgreedLeader(nodes);
            foreach (var text in new[] { "a", "b" })
                await nodes[leader - 1]!.Quorum.AppendAsync(Bytes(text), CancellationToken.None);
            await Until(() => nodes.All(n => n!.Applier.Applied.Count == 2), "all three nodes applied two entries");
            Assert.All(nodes, n => Assert.Equal(["a", "b"], n!.Applier.Texts));

            // The same ports serve Kafka.
            foreach (var voter in voters)
                await AssertAnswersApiVersions(voter.NodeId, voter.Port);

            await nodes[leader - 1]!.DisposeAsync();
            nodes[leader - 1] = null;
            var newLeader = await AgreedLeader(nodes);
            Assert.NotEqual(leader, newLeader);
            await nodes[newLeader - 1]!.Quorum.AppendAsync(Bytes("c"), CancellationToken.None);
            await Until(() => nodes.All(n => n is null || n.Applier.Applied.Count == 3), "the two remaining nodes applied the third entry");
            Assert.All(nodes.Where(n => n is not null), n => Assert.Equal(["a", "b", "c"], n!.Applier.Texts));
        }
        finally
        {
            await StopAll(nodes);
            DeleteQuietly(root);
        }
    }

    [Theory]
    [InlineData(new byte[] { 0x7F, 0xFF, 0xFF, 0xFF, 1, 2, 3, 4 })]
    [InlineData(new byte[] { 0x80, (byte)'K', (byte)'N', (byte)'X', 0, 0, 0, 0 })]
    public async Task A_garbage_first_frame_is_closed_as_a_kafka_connection_and_raft_keeps_working(byte[] garbage)
    {
        var root = TempDirectory();
        var voters = Voters(3);
        var nodes = await StartThree(voters, root);
        try
        {
            var leader = await AgreedLeader(nodes);

            foreach (var voter in voters)
            {
                using var raw = await RawConnection.ConnectAsync(voter.Port);
                await raw.SendAsync(garbage);
                Assert.True(await raw.IsClosedByPeerAsync(), $"node {voter.NodeId} closed the garbage connection");
            }

            await nodes[leader - 1]!.Quorum.AppendAsync(Bytes("after"), CancellationToken.None);
            await Until(() => nodes.All(n => n!.Applier.Texts.SequenceEqual(["after"])), "all nodes applied the entry written after the garbage");
            await AssertAnswersApiVersions(leader, voters[leader - 1].Port);
        }
        finally
        {
            await StopAll(nodes);
            DeleteQuietly(root);
        }
    }

    private static async Task AssertAnswersApiVersions(int nodeId, int port)
    {
        await using var client = new NodeClient(new NodeAddress(nodeId, "127.0.0.1", port));
        using var timeout = new CancellationTokenSource(Deadline);
        var response = await client.SendAsync<ApiVersionsResponse>(NodeClientTests.ApiVersions(), ApiVersionsRequest.ApiKey, 3, timeout.Token);
        Assert.Equal((short)ErrorCode.None, response.ErrorCode);
        Assert.Contains(response.ApiKeys, k => k.ApiKey == MetadataRequest.ApiKey);
    }

    private static Task<int> AgreedLeader(ControllerListenerHost?[] nodes) => QuorumTestSupport.AgreedLeader(nodes.Select(n => n?.Quorum));

    private static async Task<ControllerListenerHost?[]> StartThree(IReadOnlyList<ControllerQuorumVoter> voters, string root)
    {
        var nodes = new ControllerListenerHost?[3];
        try
        {
            for (var i = 0; i < 3; i++)
                nodes[i] = await ControllerListenerHost.StartAsync(i + 1, voters, root);
            return nodes;
        }
        catch
        {
            await StopAll(nodes);
            throw;
        }
    }

    private static async Task StopAll(ControllerListenerHost?[] nodes)
    {
        foreach (var node in nodes)
        {
            if (node is not null)
                await node.DisposeAsync();
        }
    }
}
