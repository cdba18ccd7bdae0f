using System.Diagnostics;
using KafkaNet.Broker.Tests.Admin;
using KafkaNet.Broker.Tests.Network;
using KafkaNet.Broker.Tests.Records;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using static KafkaNet.Broker.Tests.Transactions.TransactionWire;

namespace KafkaNet.Broker.Tests.Transactions;

/// <summary>The server process killed with SIGKILL: producer ids are never handed out twice and transactions are replayed.</summary>
public sealed class TransactionKillNineTests
{
    private static readonly string[] Overrides = ["transaction.state.log.num.partitions=3", "offsets.topic.num.partitions=3"];
    private static readonly TimeSpan LoadBudget = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Producer_ids_are_never_handed_out_twice_across_kill_9()
    {
        using var dir = new TempDirectory();
        var handedOut = new List<long>();
        for (int run = 0; run < 3; run++)
        {
            using var server = await ServerProcess.StartAsync(dir.Path, overrides: Overrides);
            using (var session = await WireSession.OpenAsync(server.Port))
            {
                for (int i = 0; i < 5; i++)
                {
                    var init = await InitIdempotentAsync(session, (short)(i % 5));
                    Assert.Equal(0, init.ErrorCode);
                    handedOut.Add(init.ProducerId);
                }
                var (transactional, _) = await BeginAsync(session, $"app-{run}");
                handedOut.Add(transactional);
            }
            await server.KillAsync();
        }

        Assert.Equal(handedOut.Count, handedOut.Distinct().Count());
        // Each run starts past the block the previous one used.
        Assert.True(handedOut[6] >= 1000 && handedOut[12] >= 2000, string.Join(",", handedOut));
    }

    [Fact]
    public async Task An_open_transaction_is_replayed_after_kill_9_and_can_be_committed()
    {
        using var dir = new TempDirectory();
        long pid;
        short epoch;
        int port;
        using (var server = await ServerProcess.StartAsync(dir.Path, overrides: Overrides))
        {
            port = server.Port;
            using var session = await WireSession.OpenAsync(server.Port);
            (pid, epoch) = await BeginAsync(session, "app", timeoutMs: 120000);
            Assert.Equal(0, await AddOffsetsAsync(session, 3, "app", pid, epoch, "billing"));
            await server.KillAsync();
        }

        using var restarted = await ServerProcess.StartAsync(dir.Path, port, Overrides);
        using var again = await WireSession.OpenAsync(restarted.Port);
        var described = await DescribeWhenLoadedAsync(again, "app");
        Assert.Equal((0, "Ongoing", pid, epoch, 120000), (described.ErrorCode, described.TransactionState, described.ProducerId, described.ProducerEpoch,
            described.TransactionTimeoutMs));
        Assert.Equal(TopicNames.ConsumerOffsets, described.Topics.Single().Topic);
        Assert.Equal((short)ErrorCode.ProducerFenced, (await EndAsync(again, 3, "app", pid, (short)(epoch - 1), commit: true)).ErrorCode);

        Assert.Equal(0, (await EndAsync(again, 3, "app", pid, epoch, commit: true)).ErrorCode);
        await WaitForStateAsync(again, "app", "CompleteCommit");
    }

    /// <summary>Describes an id, retrying (bounded) while its partition is still being replayed.</summary>
    private static async Task<DescribeTransactionsResponse.TransactionStateData> DescribeWhenLoadedAsync(WireSession session, string transactionalId)
    {
        var clock = Stopwatch.StartNew();
        var described = await DescribeAsync(session, transactionalId);
        while (described.ErrorCode == (short)ErrorCode.CoordinatorLoadInProgress && clock.Elapsed < LoadBudget)
        {
            await Task.Delay(50);
            described = await DescribeAsync(session, transactionalId);
        }
        return described;
    }
}
