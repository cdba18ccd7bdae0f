using Confluent.Kafka.Admin;
using KafkaNet.Broker;
using KafkaNet.Cluster.Network;
using KafkaNet.Cluster.Node;
using KafkaNet.Cluster.Quorum;
using KafkaNet.Cluster.Tests.Network;
using KafkaNet.Cluster.Tests.Node;
using KafkaNet.Embedded;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.Testing;
using static KafkaNet.Cluster.Tests.Quorum.QuorumTestSupport;

namespace KafkaNet.Cluster.Tests.Quorum;

/// <summary>
/// A dynamic metadata quorum (KIP-853): controllers configured with controller.quorum.bootstrap.servers and no
/// voters, one formatted standalone, the others formatted to join, added and removed with AddRaftVoter and
/// RemoveRaftVoter sent as Kafka's admin client sends them.
/// </summary>
public sealed class DynamicQuorumTests : IAsyncLifetime
{
    private const int First = 11;
    private const int Second = 12;
    private const int Third = 13;
    private const int BrokerId = 1;

    private readonly DynamicQuorumNodes _quorum = new([First, Second, Third], BrokerId, First, Second) { ReadyTimeout = Deadline };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _quorum.DisposeAsync();

    [Fact]
    public async Task Controllers_join_a_standalone_quorum_which_then_survives_losing_its_first_voter_and_shrinks_again()
    {
        _quorum.Format(First, [_quorum.Voter(First)]);
        _quorum.Format(Second, []);
        _quorum.Format(Third, []);
        await _quorum.StartControllerAsync(First);
        await _quorum.StartBrokerAsync();
        await Until(() => _quorum.Nodes[First].Quorum.IsLeader, "the standalone controller leads");
        // The first leader records the voter set in the metadata log, so brokers and later voters can name it.
        await Until(() => _quorum.Nodes[BrokerId].Publisher.Image.Voters.Select(v => v.NodeId).SequenceEqual([First]), "the broker sees the voters record");
        Assert.Equal(_quorum.DirectoryIds[First], _quorum.Nodes[BrokerId].Publisher.Image.Voters[0].DirectoryId);

        await _quorum.StartControllerAsync(Second);
        await _quorum.StartControllerAsync(Third);
        Assert.Equal([First], await VoterIdsAsync(First));

        // Sent to the controller listener of the leader, as with --bootstrap-controller.
        var added = await SendAsync<AddRaftVoterResponse>(First, AddVoter(Second), AddRaftVoterRequest.ApiKey, 1);
        Assert.Equal((short)ErrorCode.None, added.ErrorCode);
        Assert.Equal([First, Second], await VoterIdsAsync(First));
        // Sent to a broker, which forwards it to the active controller (--bootstrap-server).
        added = await SendAsync<AddRaftVoterResponse>(BrokerId, AddVoter(Third), AddRaftVoterRequest.ApiKey, 0);
        Assert.Equal((short)ErrorCode.None, added.ErrorCode);
        Assert.Equal([First, Second, Third], await VoterIdsAsync(First));
        await Until(() => _quorum.Nodes[Third].Publisher.Image.Voters.Length == 3, "the third voter applied the voters record");

        // DescribeQuorum v2 names each voter's directory id and its controller endpoint.
        var quorum = await DescribeAsync(BrokerId);
        var partition = quorum.Topics.Single().Partitions.Single();
        Assert.Equal(First, partition.LeaderId);
        Assert.Equal([First, Second, Third], partition.CurrentVoters.Select(v => v.ReplicaId).Order());
        Assert.All(partition.CurrentVoters, v => Assert.Equal(_quorum.DirectoryIds[v.ReplicaId], v.ReplicaDirectoryId));
        Assert.Equal([First, Second, Third], quorum.Nodes.Select(n => n.NodeId).Order());
        Assert.All(quorum.Nodes, n => Assert.Equal(_quorum.Ports[n.NodeId], Assert.Single(n.Listeners).Port));
        // The leader knows how far each voter has the log, and when it last heard from it.
        await UntilAsync(async () =>
        {
            var voters = (await DescribeAsync(BrokerId)).Topics.Single().Partitions.Single().CurrentVoters;
            long end = voters.Single(v => v.ReplicaId == First).LogEndOffset;
            return voters.All(v => v.LogEndOffset == end && v.LastFetchTimestamp > 0 && v.LastCaughtUpTimestamp > 0);
        }, "every voter's log end offset matches the leader's");

        // Bad requests change nothing.
        Assert.Equal((short)ErrorCode.DuplicateVoter,
            (await SendAsync<AddRaftVoterResponse>(First, AddVoter(Second), AddRaftVoterRequest.ApiKey, 1)).ErrorCode);
        var otherCluster = AddVoter(Second);
        otherCluster.ClusterId = "another-cluster";
        Assert.Equal((short)ErrorCode.InconsistentClusterId,
            (await SendAsync<AddRaftVoterResponse>(First, otherCluster, AddRaftVoterRequest.ApiKey, 1)).ErrorCode);
        var noListener = AddVoter(99);
        noListener.Listeners[0].Name = "PLAINTEXT";
        Assert.Equal((short)ErrorCode.InvalidRequest,
            (await SendAsync<AddRaftVoterResponse>(First, noListener, AddRaftVoterRequest.ApiKey, 1)).ErrorCode);
        Assert.Equal((short)ErrorCode.VoterNotFound,
            (await SendAsync<RemoveRaftVoterResponse>(First, RemoveVoter(99), RemoveRaftVoterRequest.ApiKey, 0)).ErrorCode);
        var wrongDirectory = RemoveVoter(Second);
        wrongDirectory.VoterDirectoryId = Guid.NewGuid();
        Assert.Equal((short)ErrorCode.VoterNotFound,
            (await SendAsync<RemoveRaftVoterResponse>(First, wrongDirectory, RemoveRaftVoterRequest.ApiKey, 0)).ErrorCode);
        // A follower is not the one to ask.
        Assert.Equal((short)ErrorCode.NotLeaderOrFollower,
            (await SendAsync<AddRaftVoterResponse>(Second, AddVoter(99), AddRaftVoterRequest.ApiKey, 1)).ErrorCode);
        Assert.Equal([First, Second, Third], await VoterIdsAsync(First));

        // The first voter dies: the two that joined elect a leader and the cluster goes on changing.
        await _quorum.Nodes[First].KillAsync();
        _quorum.Nodes.Remove(First);
        int leader = await AgreedLeader([_quorum.Nodes[Second].Quorum, _quorum.Nodes[Third].Quorum]);
        Assert.Contains(leader, new[] { Second, Third });
        using (var admin = ThreeNodeClusterTests.Admin(Bootstrap))
        {
            await admin.CreateTopicsAsync([new TopicSpecification { Name = "made-without-the-first", NumPartitions = 2, ReplicationFactor = 1 }]);
        }

        // Restarted on its data, the first voter rejoins from its membership file and catches up.
        await _quorum.StartControllerAsync(First);
        await Until(() => _quorum.Nodes[First].Publisher.Image.TopicsByName.ContainsKey("made-without-the-first"), "the restarted voter applied the new topic");
        await Until(() => _quorum.Nodes[First].Quorum.Voters.Select(v => v.NodeId).SequenceEqual([First, Second, Third]), "the restarted voter knows all three");

        // Removing it leaves two voters, on every node and across a restart of one of them.
        var removed = await SendAsync<RemoveRaftVoterResponse>(BrokerId, RemoveVoter(First), RemoveRaftVoterRequest.ApiKey, 0);
        Assert.Equal((short)ErrorCode.None, removed.ErrorCode);
        await Until(() => _quorum.Nodes[Second].Quorum.Voters.Count == 2 && _quorum.Nodes[Third].Quorum.Voters.Count == 2, "both remaining voters dropped the first");
        await Until(() => _quorum.Nodes[BrokerId].Publisher.Image.Voters.Select(v => v.NodeId).SequenceEqual([Second, Third]), "the voters record lists the two");
        await _quorum.Nodes[Third].StopAsync();
        _quorum.Nodes.Remove(Third);
        await _quorum.StartControllerAsync(Third);
        // It replays its log, membership changes included, and ends on the two.
        await Until(() => _quorum.Nodes[Third].Quorum.Voters.Select(v => v.NodeId).SequenceEqual([Second, Third]), "the restarted voter knows the two voters");
        await AgreedLeader([_quorum.Nodes[Second].Quorum, _quorum.Nodes[Third].Quorum]);
        using (var admin = ThreeNodeClusterTests.Admin(Bootstrap))
        {
            await admin.CreateTopicsAsync([new TopicSpecification { Name = "made-by-two", NumPartitions = 1, ReplicationFactor = 1 }]);
        }
        await Until(() => _quorum.Nodes[Third].Publisher.Image.TopicsByName.ContainsKey("made-by-two"), "the two voters commit without the first");
    }

    [Fact]
    public async Task A_controller_of_a_dynamic_quorum_that_was_not_formatted_refuses_to_start()
    {
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => _quorum.StartControllerAsync(First));
        Assert.Contains("--standalone", e.Message);
    }

    [Fact]
    public async Task A_static_quorum_answers_voter_changes_with_UNSUPPORTED_VERSION()
    {
        await using var cluster = await EmbeddedKafkaCluster.StartAsync(1);
        var node = cluster.Nodes[1];
        var port = node.Broker.Options.AdvertisedEndpoint.Port;
        await using var client = new NodeClient(new NodeAddress(1, "127.0.0.1", port));
        var request = new AddRaftVoterRequest { ClusterId = node.Broker.ClusterId, VoterId = 2, VoterDirectoryId = Guid.NewGuid() };
        request.Listeners.Add(new() { Name = "CONTROLLER", Host = "127.0.0.1", Port = 9999 });

        var response = await client.SendAsync<AddRaftVoterResponse>(request, AddRaftVoterRequest.ApiKey, 1, NodeClientTests.Timeout());

        Assert.Equal((short)ErrorCode.UnsupportedVersion, response.ErrorCode);
        Assert.Contains("kraft.version", response.ErrorMessage);
        Assert.Equal([1], node.Quorum.Voters.Select(v => v.NodeId));
    }

    private string Bootstrap => $"127.0.0.1:{_quorum.Ports[BrokerId]}";

    private AddRaftVoterRequest AddVoter(int id)
    {
        var request = new AddRaftVoterRequest { ClusterId = _quorum.ClusterId, TimeoutMs = 30000, VoterId = id, VoterDirectoryId = _quorum.DirectoryIds.GetValueOrDefault(id, Guid.NewGuid()) };
        request.Listeners.Add(new() { Name = "CONTROLLER", Host = "127.0.0.1", Port = checked((ushort)_quorum.Ports.GetValueOrDefault(id, 9999)) });
        return request;
    }

    private RemoveRaftVoterRequest RemoveVoter(int id) =>
        new() { ClusterId = _quorum.ClusterId, VoterId = id, VoterDirectoryId = _quorum.DirectoryIds.GetValueOrDefault(id, Guid.NewGuid()) };

    private async Task<TResponse> SendAsync<TResponse>(int nodeId, IKafkaMessage request, short apiKey, short version)
        where TResponse : class, IKafkaMessage<TResponse>
    {
        await using var client = new NodeClient(new NodeAddress(nodeId, "127.0.0.1", _quorum.Ports[nodeId]));
        return await client.SendAsync<TResponse>(request, apiKey, version, NodeClientTests.Timeout());
    }

    private async Task<DescribeQuorumResponse> DescribeAsync(int nodeId)
    {
        var request = new DescribeQuorumRequest();
        request.Topics.Add(new() { TopicName = "__cluster_metadata", Partitions = { new() { PartitionIndex = 0 } } });
        return await SendAsync<DescribeQuorumResponse>(nodeId, request, DescribeQuorumRequest.ApiKey, 2);
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < Deadline, $"timed out waiting until {what}");
            await Task.Delay(100);
        }
    }

    private async Task<List<int>> VoterIdsAsync(int nodeId)
    {
        var partition = (await DescribeAsync(nodeId)).Topics.Single().Partitions.Single();
        return [.. partition.CurrentVoters.Select(v => v.ReplicaId).Order()];
    }
}
