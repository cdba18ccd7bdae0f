using System.Diagnostics;
using Confluent.Kafka;
using KafkaNet.Broker.Tests.Admin;
using KafkaNet.Broker.Tests.Records;
using Xunit.Abstractions;

namespace KafkaNet.Broker.Tests.Groups.Clients;

/// <summary>
/// The broker process killed with SIGKILL while a two-member group is stable: after a restart on the
/// same data directory every committed offset is there, and a member of the group resumes from them.
/// </summary>
public sealed class GroupKillNineTests(ITestOutputHelper output)
{
    private const string Topic = "orders";
    private const int Partitions = 3;
    private const int PerPartition = 30;
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);

    /// <summary>Groups that form quickly: no initial delay, three offsets partitions, KIP-848 heartbeats every second.</summary>
    private static readonly string[] GroupOverrides =
    [
        "group.initial.rebalance.delay.ms=0",
        "offsets.topic.num.partitions=3",
        "group.consumer.min.heartbeat.interval.ms=500",
        "group.consumer.heartbeat.interval.ms=1000",
        "group.consumer.min.session.timeout.ms=6000",
        "group.consumer.session.timeout.ms=10000",
    ];

    /// <summary>What the group commits on each partition: 10, 15, 20, distinct so offsets of the wrong partition show.</summary>
    private static long Target(int partition) => 10 + 5 * partition;

    [Fact]
    public Task Classic_group_committed_offsets_survive_kill_9_and_the_group_resumes_from_them() =>
        SurvivesKillNineAsync(GroupProtocol.Classic);

    [Fact]
    public Task Consumer_protocol_group_committed_offsets_survive_kill_9_and_the_group_resumes_from_them() =>
        SurvivesKillNineAsync(GroupProtocol.Consumer);

    private async Task SurvivesKillNineAsync(GroupProtocol protocol)
    {
        using var dir = new TempDirectory();
        string group = "survivors-" + protocol.ToString().ToLowerInvariant();
        var expected = Enumerable.Range(0, Partitions).ToDictionary(p => p, p => Target(p));
        var broker = await ServerProcess.StartAsync(dir.Path, overrides: GroupOverrides);
        var members = new List<Member>();
        try
        {
            using (var admin = Admin(broker))
            {
                await admin.CreateTopicAsync(Topic, partitions: Partitions);
            }
            await ProduceAsync(broker);
            members.Add(new Member(Config(broker, group, protocol)));
            members.Add(new Member(Config(broker, group, protocol)));
            bool stable = PollUntil(members, () => members.All(m => m.Owned.Count > 0) && members.Sum(m => m.Owned.Count) == Partitions
                && Enumerable.Range(0, Partitions).All(p => members.Max(m => m.CommittedNext(p)) == Target(p)), Within);
            Assert.True(stable, "the group did not commit its offsets with both members in: " + string.Join(", ", members.Select(m => m.Owned.Count)));
            using (var admin = Admin(broker))
            {
                Assert.Equal(expected, await CommittedAsync(admin, group));
                var described = Assert.Single((await admin.DescribeConsumerGroupsAsync([group])).ConsumerGroupDescriptions);
                Assert.Equal(ConsumerGroupState.Stable, described.State);
                Assert.Equal(2, described.Members.Count);
            }

            await broker.KillAsync();
            broker.Dispose();
            broker = await ServerProcess.StartAsync(dir.Path, broker.Port, GroupOverrides);

            using (var admin = Admin(broker))
            {
                Assert.Equal(expected, await CommittedAsync(admin, group));
            }
            // The old members find the restarted broker on the same port and leave the group.
            foreach (var member in members)
            {
                await Task.Run(member.Dispose).WaitAsync(TimeSpan.FromSeconds(30));
            }
            members.Clear();

            members.Add(new Member(Config(broker, group, protocol)));
            var resumed = members[0];
            int remaining = Enumerable.Range(0, Partitions).Sum(p => PerPartition - (int)Target(p));
            Assert.True(PollUntil(members, () => resumed.Received.Count >= remaining, Within), $"resumed with {resumed.Received.Count} of {remaining} records");
            PollUntil(members, () => false, TimeSpan.FromSeconds(1));
            for (int p = 0; p < Partitions; p++)
            {
                var offsets = resumed.Received.Where(r => r.Partition == p).Select(r => r.Offset.Value).ToList();
                Assert.Equal(Enumerable.Range((int)Target(p), PerPartition - (int)Target(p)).Select(o => (long)o), offsets);
            }
            output.WriteLine($"{protocol}: resumed at {string.Join(", ", expected.Values)} after kill -9");
        }
        finally
        {
            members.ForEach(m => m.Dispose());
            broker.Dispose();
        }
    }

    private static IAdminClient Admin(ServerProcess broker) =>
        new AdminClientBuilder(new AdminClientConfig { BootstrapServers = broker.BootstrapServers, SocketTimeoutMs = 10000 }).Build();

    private static ConsumerConfig Config(ServerProcess broker, string group, GroupProtocol protocol)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = broker.BootstrapServers,
            GroupId = group,
            GroupProtocol = protocol,
            AutoOffsetReset = AutoOffsetReset.Earliest, // lost commits would show as a read from offset 0
            EnableAutoCommit = false,
            SocketTimeoutMs = 10000,
            FetchWaitMaxMs = 100,
            ReconnectBackoffMaxMs = 500,
        };
        if (protocol == GroupProtocol.Classic)
        {
            config.SessionTimeoutMs = 10000;
            config.HeartbeatIntervalMs = 500;
        }
        return config;
    }

    private static async Task ProduceAsync(ServerProcess broker)
    {
        using var producer = RecordsProducer(broker);
        for (int p = 0; p < Partitions; p++)
        {
            for (int i = 0; i < PerPartition; i++)
            {
                await producer.ProduceAsync(new TopicPartition(Topic, p), new Message<Null, string> { Value = $"{p}-{i}" });
            }
        }
    }

    private static IProducer<Null, string> RecordsProducer(ServerProcess broker) => new ProducerBuilder<Null, string>(new ProducerConfig
    {
        BootstrapServers = broker.BootstrapServers,
        Acks = Acks.All,
        EnableIdempotence = false,
        LingerMs = 1,
        MessageTimeoutMs = 10000,
    }).Build();

    /// <summary>The group's committed offsets, retried while the restarted coordinator is still loading them.</summary>
    private static async Task<Dictionary<int, long>> CommittedAsync(IAdminClient admin, string group)
    {
        var request = new ConsumerGroupTopicPartitions(group, [.. Enumerable.Range(0, Partitions).Select(p => new TopicPartition(Topic, p))]);
        var clock = Stopwatch.StartNew();
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                var result = await admin.ListConsumerGroupOffsetsAsync([request], new Confluent.Kafka.Admin.ListConsumerGroupOffsetsOptions { RequestTimeout = AdminClients.Timeout });
                return Assert.Single(result).Partitions.ToDictionary(p => p.Partition.Value, p => p.Offset.Value);
            }
            catch (Confluent.Kafka.Admin.ListConsumerGroupOffsetsException e) when (attempt < 30 && clock.Elapsed < Within
                && e.Results.Any(r => r.Error.Code is ErrorCode.GroupLoadInProgress or ErrorCode.GroupCoordinatorNotAvailable or ErrorCode.NotCoordinatorForGroup))
            {
                await Task.Delay(500);
            }
        }
    }

    private static bool PollUntil(List<Member> members, Func<bool> condition, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        for (int round = 0; round < 100_000 && clock.Elapsed < within; round++)
        {
            if (condition())
            {
                return true;
            }
            members.ForEach(m => m.Poll());
        }
        return condition();
    }

    /// <summary>A subscribed member that commits every record it reads below its partition's target offset.</summary>
    private sealed class Member : IDisposable
    {
        private readonly IConsumer<Null, string> _consumer;
        private readonly HashSet<TopicPartition> _owned = [];
        private readonly Dictionary<int, long> _committedNext = [];

        public Member(ConsumerConfig config)
        {
            _consumer = new ConsumerBuilder<Null, string>(config)
                .SetPartitionsAssignedHandler((_, partitions) => _owned.UnionWith(partitions))
                .SetPartitionsRevokedHandler((_, partitions) => _owned.ExceptWith(partitions.Select(p => p.TopicPartition)))
                .SetPartitionsLostHandler((_, partitions) => _owned.ExceptWith(partitions.Select(p => p.TopicPartition)))
                .SetLogHandler((_, _) => { }) // the broker is down on purpose for a while: its connection errors are expected
                .Build();
            _consumer.Subscribe(Topic);
        }

        public HashSet<TopicPartition> Owned => [.. _owned];

        public List<ConsumeResult<Null, string>> Received { get; } = [];

        public long CommittedNext(int partition) => _committedNext.GetValueOrDefault(partition, -1);

        public void Poll()
        {
            if (_consumer.Consume(TimeSpan.FromMilliseconds(50)) is not { IsPartitionEOF: false, Message: not null } result)
            {
                return;
            }
            Received.Add(result);
            if (result.Offset < Target(result.Partition))
            {
                _consumer.Commit(result);
                _committedNext[result.Partition] = result.Offset + 1;
            }
        }

        public void Dispose()
        {
            _consumer.Close();
            _consumer.Dispose();
        }
    }
}
