using System.Diagnostics;
using KafkaNet.Broker;
using KafkaNet.Testing;

namespace KafkaNet.Cli.Tests.MetadataQuorum;

/// <summary>
/// add-controller and remove-controller against a dynamic quorum (KIP-853) on 127.0.0.1: one controller formatted
/// standalone, a broker, and two controllers formatted to join, each added from its own properties file.
/// </summary>
public sealed class ControllerChangeCommandTests : IAsyncLifetime
{
    private const int First = 11;
    private const int Second = 12;
    private const int Third = 13;
    private const int BrokerId = 1;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly DynamicQuorumNodes _quorum = new([First, Second, Third], BrokerId, First, Second);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _quorum.DisposeAsync();

    [Fact]
    public async Task Controllers_are_added_and_removed_through_a_controller_or_a_broker()
    {
        _quorum.Format(First, [_quorum.Voter(First)]);
        _quorum.Format(Second, []);
        _quorum.Format(Third, []);
        await _quorum.StartControllerAsync(First);
        await Until(() => _quorum.Nodes[First].Quorum.IsLeader, "the standalone controller leads");
        await _quorum.StartBrokerAsync();
        await _quorum.StartControllerAsync(Second);
        await _quorum.StartControllerAsync(Third);

        // Through the leader's controller listener.
        var added = await RunAsync("--bootstrap-controller", Address(First), "--command-config", WriteConfig(Second), "add-controller");
        Assert.True(added.Exit == 0, added.ToString());
        Assert.Equal($"Added controller {Second} with directory id {KafkaUuid.Format(_quorum.DirectoryIds[Second])} and endpoints: CONTROLLER://127.0.0.1:{_quorum.Ports[Second]}\n", added.Out);
        await UntilVoters([First, Second]);

        var again = await RunAsync("--bootstrap-controller", Address(First), "--command-config", WriteConfig(Second), "add-controller");
        Assert.True(again.Exit == 1, again.ToString());
        Assert.StartsWith("error: DUPLICATE_VOTER", again.Error);

        // Through a follower, which answers NOT_LEADER_OR_FOLLOWER and names the leader to send it to.
        Assert.False(_quorum.Nodes[Second].Quorum.IsLeader);
        added = await RunAsync("--bootstrap-controller", Address(Second), "--command-config", WriteConfig(Third), "add-controller");
        Assert.True(added.Exit == 0, added.ToString());
        await UntilVoters([First, Second, Third]);

        var status = await RunAsync("--bootstrap-server", Address(BrokerId), "describe", "--status");
        Assert.True(status.Exit == 0, status.ToString());
        foreach (int id in new[] { First, Second, Third })
        {
            Assert.Contains($"{{\"id\": {id}, \"directoryId\": \"{KafkaUuid.Format(_quorum.DirectoryIds[id])}\", \"endpoints\": [\"CONTROLLER://127.0.0.1:{_quorum.Ports[id]}\"]}}", status.Out);
        }

        // Another directory id is another replica: nothing to remove.
        var wrong = await RunAsync("--bootstrap-server", Address(BrokerId), "remove-controller",
            "--controller-id", Third.ToString(), "--controller-directory-id", KafkaUuid.Format(Guid.NewGuid()));
        Assert.True(wrong.Exit == 1, wrong.ToString());
        Assert.StartsWith("error: VOTER_NOT_FOUND", wrong.Error);
        Assert.Equal(3, _quorum.Nodes[First].Quorum.Voters.Count);

        var removed = await RunAsync("--bootstrap-controller", Address(Third), "remove-controller",
            "-i", Third.ToString(), "-d", KafkaUuid.Format(_quorum.DirectoryIds[Third]));
        Assert.True(removed.Exit == 0, removed.ToString());
        Assert.Equal($"Removed KRaft controller {Third} with directory id {KafkaUuid.Format(_quorum.DirectoryIds[Third])}\n", removed.Out);
        await UntilVoters([First, Second]);
    }

    private static Task<CommandRun> RunAsync(params string[] args) => QuorumCommandRun.RunAsync(args);

    private string Address(int id) => $"127.0.0.1:{_quorum.Ports[id]}";

    /// <summary>The joining controller's properties, as an operator writes them for kafkanet-server.</summary>
    private string WriteConfig(int id)
    {
        string path = Path.Combine(Path.GetDirectoryName(_quorum.DataDirectory(id))!, $"controller-{id}.properties");
        File.WriteAllText(path, $"""
            node.id={id}
            process.roles=controller
            controller.listener.names=CONTROLLER
            listeners=CONTROLLER://127.0.0.1:{_quorum.Ports[id]}
            log.dirs={_quorum.DataDirectory(id)}
            """);
        return path;
    }

    private Task UntilVoters(int[] ids) =>
        Until(() => _quorum.Nodes[First].Quorum.Voters.Select(v => v.NodeId).Order().SequenceEqual(ids), "the voters are " + string.Join(",", ids));

    private static async Task Until(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > Deadline)
            {
                throw new TimeoutException($"Timed out waiting until {what}.");
            }

            await Task.Delay(25);
        }
    }
}
