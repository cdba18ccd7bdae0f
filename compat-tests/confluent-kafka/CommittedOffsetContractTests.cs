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
[Collection(BrokerCollection.Name)]
public sealed class CommittedOffsetContractTests(BrokerFixture broker, ITestOutputHelper output)
{
    private const int Partitions = 6;
    private const int Records = 30_000;
    private const int Members = 3;
    private const int Replacements = 12;
    private static readonly TimeSpan StopWithin = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DrainWithin = TimeSpan.FromSeconds(90);

    /// <param name="careful">
    /// Careful members also commit when idle, on revoke and on close, so their windows are (nearly) empty;
    /// careless ones commit every 50 records only, so every departure leaves a window to be read again.
    /// </param>
    [Theory]
    [InlineData(PartitionAssignmentStrategy.Range, true)]
    [InlineData(PartitionAssignmentStrategy.CooperativeSticky, true)]
    [InlineData(PartitionAssignmentStrategy.Range, false)]
    [InlineData(PartitionAssignmentStrategy.CooperativeSticky, false)]
    public async Task Every_record_is_processed_and_duplicates_stay_inside_uncommitted_windows_while_members_come_and_go(
        PartitionAssignmentStrategy strategy, bool careful)
    {
        string topic = await broker.CreateTopicAsync("contract", Partitions);
        string group = GroupClients.NewGroupId("contract");
        var log = new ProcessingLog();
        int started = 0;
        CommittingMember Start()
        {
            var config = GroupClients.Classic(broker.Bootstrap, group, strategy);
            config.ClientId = "contract-" + Interlocked.Increment(ref started);
            return new CommittingMember(config, topic, log, careful);
        }

        // Records keep arriving while the membership changes, so every rebalance moves live partitions.
        var producing = Task.Run(() => ProducePaced(topic));
        var members = Enumerable.Range(0, Members).Select(_ => Start()).ToArray();
        try
        {
            for (int i = 0; i < Replacements; i++)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(1000));
                int slot = i % Members;
                members[slot].Stop(StopWithin);
                members[slot].Dispose();
                members[slot] = Start();
            }
            await producing;

            var clock = Stopwatch.StartNew();
            while (log.Distinct < Records && clock.Elapsed < DrainWithin)
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

        output.WriteLine($"{strategy}, {(careful ? "careful" : "careless")}: {started} members, {log.Distinct} distinct records, {log.Duplicates} duplicates, "
            + $"uncommitted windows {log.WindowTotal} records, commits {log.Commits} ok / {log.FailedCommits} refused");
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
