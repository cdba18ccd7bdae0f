using KafkaNet.Cluster.Controller;
using KafkaNet.Protocol.Messages;
using KafkaNet.Protocol.Metadata;

namespace KafkaNet.Cluster.Tests.Controller;

/// <summary>
/// The format command's bootstrap records (format --add-scram): the active controller of an empty log appends them as
/// one entry ahead of anything else, once; a log that holds anything already never takes them.
/// </summary>
public sealed class BootstrapRecordsControllerTests : IDisposable
{
    private readonly ControllerHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    private static MetadataRecord Credential(string user) => MetadataRecord.Latest(new UserScramCredentialRecord
    {
        Name = user,
        Mechanism = 2,
        Salt = new byte[] { 1, 2, 3 },
        StoredKey = new byte[64],
        ServerKey = new byte[64],
        Iterations = 4096,
    });

    private int BatchesWithCredentials => _harness.Writer.Batches.Count(b => b.Any(r => r.Message is UserScramCredentialRecord));

    [Fact]
    public async Task On_an_empty_log_they_go_first_as_one_entry_and_only_once()
    {
        _harness.Controller.BootstrapRecords = [Credential("alice"), Credential("bob")];

        await _harness.StartBrokersAsync(1);
        await _harness.CreateTopicAsync("orders");

        var first = _harness.Writer.Batches[0];
        Assert.Equal(["alice", "bob"], first.Select(r => ((UserScramCredentialRecord)r.Message).Name));
        Assert.IsType<RegisterBrokerRecord>(_harness.Writer.Batches[1][0].Message);
        Assert.Equal(1, BatchesWithCredentials);
        Assert.NotNull(_harness.Image.FindScramCredential("alice", 2));
        Assert.NotNull(_harness.Image.FindScramCredential("bob", 2));
    }

    [Fact]
    public async Task A_log_that_holds_records_already_never_takes_them()
    {
        await _harness.StartBrokersAsync(1);
        // The next controller (a restart, or another voter) finds the log as the first one left it.
        using var successor = new QuorumController(_harness.Options, _harness.Writer) { BootstrapRecords = [Credential("alice")] };
        _harness.Writer.Controller = successor;
        successor.Publish(_harness.Writer.Image);

        Assert.Equal(0, (await successor.BrokerRegistrationAsync(ControllerHarness.Registration(2), 3)).ErrorCode);

        Assert.Equal(0, BatchesWithCredentials);
        Assert.Null(successor.Image.FindScramCredential("alice", 2));
        Assert.Contains(2, successor.Image.Brokers.Keys);
    }

    [Fact]
    public async Task A_new_leader_writes_them_without_waiting_for_a_request()
    {
        _harness.Controller.BootstrapRecords = [Credential("alice")];

        _harness.Controller.OnLeadershipChanged(true);

        for (int i = 0; i < 200 && _harness.Image.FindScramCredential("alice", 2) is null; i++)
        {
            await Task.Delay(25);
        }
        Assert.NotNull(_harness.Image.FindScramCredential("alice", 2));
        Assert.Single(_harness.Writer.Batches);
    }
}
