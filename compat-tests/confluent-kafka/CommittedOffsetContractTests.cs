using System.Diagnostics;
using Confluent.Kafka;
using Xunit.Abstractions;

namespace KafkaNet.Compat.ConfluentKafka;

/// <summary>
/// The committed-offset contract under churn: three members read a six-partition topic while one of
/// them is replaced again and again; committing after processing, every record is processed at least
/// once, and a record is processed again only if it lay in an uncommitted window of a member that gave
/// its partition up.
/// </summary>
public abstract class CommittedOffsetContractTests(BrokerFixture broker, ITestOutputHelper output)
{
    private const int Partitions = 6;
    private const int Records = 30_000;
    private const int Members = 3;
    private const int Replacements = 12;
    private static readonly TimeSpan StopWithin = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan SettleWithin = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DrainWithin = TimeSpan.FromSeconds(90);

    /// <param name="careful">
    /// Careful members also commit when idle, on revoke and on close, so their windows are (nearly) empty;
    /// careless ones commit every 50 records only, so every departure leaves a window to be read again.
    /// </param>
    /// <param name="assignor">range or cooperative-sticky on the classic protocol; consumer for KIP-848 (the broker assigns).</param>
    protected async Task RunAsync(string assignor, bool careful)
    {
        string topic = await broker.CreateTopicAsync("contract", Partitions);
        string group = GroupClients.NewGroupId("contract");
        var log = new ProcessingLog();
        int started = 0;
        CommittingMember Start()
        {
            var config = assignor switch
            {
                "consumer" => GroupClients.Kip848(broker.Bootstrap, group),
                "range" => GroupClients.Classic(broker.Bootstrap, group, PartitionAssignmentStrategy.Range),
                _ => GroupClients.Classic(broker.Bootstrap, group, PartitionAssignmentStrategy.CooperativeSticky),
            };
            config.ClientId = "contract-" + Interlocked.Increment(ref started);
            return new CommittingMember(config, topic, log, careful);
        }

        // Records keep arriving while the membership changes, so every rebalance moves live partitions.
        var producing = Task.Run(() => ProducePaced(topic));
        var members = Enumerable.Range(0, Members).Select(_ => Start()).ToArray();
        var slowestStop = TimeSpan.Zero;
        var drain = Stopwatch.StartNew();
        try
        {
            for (int i = 0; i < Replacements; i++)
            {
                // Each departure comes from a settled group: a member closed while its JoinGroup is still
                // waiting never gets its LeaveGroup out, and the group then waits for its session to expire.
                var settling = Stopwatch.StartNew();
                while (members.Any(m => m.Owned == 0) && settling.Elapsed < SettleWithin)
                {
                    await Task.Delay(100);
                }
                await Task.Delay(TimeSpan.FromMilliseconds(500));
                int slot = i % Members;
                var stopping = Stopwatch.StartNew();
                members[slot].Stop(StopWithin);
                slowestStop = stopping.Elapsed > slowestStop ? stopping.Elapsed : slowestStop;
                members[slot].Dispose();
                members[slot] = Start();
            }
            await producing;

            drain.Restart();
            while (log.Distinct < Records && drain.Elapsed < DrainWithin)
            {
                await Task.Delay(200);
            }
        }
        finally
        {
            foreach (var member in members)
            {
                member.Stop(StopWithin);
                member.Dispose();
            }
        }

        output.WriteLine($"{assignor}, {(careful ? "careful" : "careless")}: {started} members, {log.Distinct} distinct records, {log.Duplicates} duplicates, "
            + $"uncommitted windows {log.WindowTotal} records, commits {log.Commits} ok / {log.FailedCommits} refused, "
            + $"slowest close {slowestStop.TotalSeconds:F1} s, last records {drain.Elapsed.TotalSeconds:F1} s after the producer finished");
        Assert.Empty(log.Missing(Records).Take(20));
        Assert.Empty(log.UnexplainedDuplicates().Take(20));
        Assert.InRange(log.Duplicates, 0, log.WindowTotal);
        Assert.True(started >= Members + 10, $"only {started - Members} members joined after the first ones");
        if (!careful)
        {
            // The careless run must actually leave work uncommitted, or it proves nothing about the windows.
            Assert.True(log.WindowTotal > 0, "no member left an uncommitted window");
        }
    }

    /// <summary>All the records, in 60 slices of 500 about 200 ms apart.</summary>
    private void ProducePaced(string topic)
    {
        const int Slices = 60;
        const int Slice = Records / Slices;
        for (int i = 0; i < Slices; i++)
        {
            GroupClients.ProduceNumbered(broker.Bootstrap, topic, Partitions, Slice, first: i * Slice);
            Thread.Sleep(150);
        }
    }
}

/// <summary>The contract with careful members, on a broker of its own.</summary>
[Collection(ChurnBrokerCollection.Name)]
public sealed class CarefulMembersContractTests(BrokerFixture broker, ITestOutputHelper output) : CommittedOffsetContractTests(broker, output)
{
    [Theory]
    [InlineData("range")]
    [InlineData("cooperative-sticky")]
    [InlineData("consumer")]
    public Task Every_record_is_processed_and_duplicates_stay_inside_uncommitted_windows_while_members_come_and_go(string assignor) =>
        RunAsync(assignor, careful: true);
}

/// <summary>The contract with careless members, on another broker of its own: the two run side by side.</summary>
[Collection(SecondChurnBrokerCollection.Name)]
public sealed class CarelessMembersContractTests(BrokerFixture broker, ITestOutputHelper output) : CommittedOffsetContractTests(broker, output)
{
    [Theory]
    [InlineData("range")]
    [InlineData("cooperative-sticky")]
    [InlineData("consumer")]
    public Task Every_record_is_processed_and_duplicates_stay_inside_uncommitted_windows_while_members_come_and_go(string assignor) =>
        RunAsync(assignor, careful: false);
}
