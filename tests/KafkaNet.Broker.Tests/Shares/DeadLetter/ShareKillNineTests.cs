using System.Text;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KafkaNet.Broker.Tests.Admin;
using KafkaNet.Broker.Tests.Network;
using KafkaNet.Broker.Tests.Records;
using KafkaNet.Broker.Tests.Shares.Fetch;
using KafkaNet.Protocol.Messages;
using Xunit.Abstractions;

namespace KafkaNet.Broker.Tests.Shares.DeadLetter;

/// <summary>
/// The broker process killed with SIGKILL while a share group works through a queue with a dead-letter topic: after the
/// restart nothing acknowledged comes back, what was held comes back, and every record ends up accepted or on the
/// dead-letter topic, none of them twice there.
/// </summary>
public sealed class ShareKillNineTests(ITestOutputHelper output)
{
    private const string Topic = "jobs";
    private const string DeadLetterTopic = "dlq.jobs";
    private const string Group = "crew";
    private const int Records = 3000;
    private const int DeliveryLimit = 2;
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);

    private static readonly string[] Overrides =
    [
        "group.share.enable=true",
        "offsets.topic.num.partitions=1",
        "share.coordinator.state.topic.num.partitions=1",
    ];

    /// <summary>What the worker does with a record: offsets 0 mod 3 are rejected, 1 mod 3 always released, the rest accepted.</summary>
    private static sbyte Verdict(long offset) => (offset % 3) switch { 0 => 3, 1 => 2, _ => 1 };

    private static bool GoesToDeadLetters(long offset) => Verdict(offset) != 1;

    [Fact]
    public async Task Dead_letters_and_share_state_survive_kill_9_with_nothing_lost_or_doubled()
    {
        using var dir = new TempDirectory();
        var broker = await ServerProcess.StartAsync(dir.Path, overrides: Overrides);
        try
        {
            var topicId = await SetUpAsync(broker);

            // Before: work through about half the queue, then take a fetch's worth and hold it.
            var before = new Worker(await JoinAsync(broker, "before"), topicId);
            await before.WorkUntilAsync(done => done >= Records / 2, Within);
            var held = await before.TakeWithoutAnsweringAsync();
            Assert.NotEmpty(held);
            await broker.KillAsync();
            broker.Dispose();
            output.WriteLine($"killed after {before.Accepted.Count} accepts, {before.Answered} answered, {held.Count} held");

            broker = await ServerProcess.StartAsync(dir.Path, broker.Port, Overrides);
            var after = new Worker(await JoinAsync(broker, "after"), topicId);
            await after.WorkUntilAsync(_ => false, Within, stopWhenIdle: true);

            // Acknowledged before the kill: never delivered again. Held at the kill: delivered again, one delivery later,
            // unless that was its last delivery: then it is archived (onto the dead-letter topic) instead.
            Assert.Empty(before.Accepted.Keys.Intersect(after.Deliveries.Keys));
            Assert.Empty(held.Where(h => h.Value >= DeliveryLimit).Select(h => h.Key).Intersect(after.Deliveries.Keys));
            var notBack = held.Where(h => h.Value < DeliveryLimit && after.Deliveries.GetValueOrDefault(h.Key) != h.Value + 1)
                .Select(h => $"{h.Key}: held at {h.Value}, after {after.Deliveries.GetValueOrDefault(h.Key)}").ToList();
            Assert.True(notBack.Count == 0, $"{notBack.Count} held records not delivered once more: {string.Join(", ", notBack.Take(10))}");

            var deadLetters = ReadDeadLetterOffsets(broker, Records / 3 * 2);
            Assert.Equal(deadLetters.Count, deadLetters.Distinct().Count());
            var expected = Enumerable.Range(0, Records).Select(o => (long)o).Where(GoesToDeadLetters).ToHashSet();
            Assert.True(expected.SetEquals(deadLetters), $"dead letters: {deadLetters.Count}, expected {expected.Count}");
            var accepted = before.Accepted.Keys.Union(after.Accepted.Keys).ToHashSet();
            Assert.Equal(Records, accepted.Count + deadLetters.Count);
            Assert.Empty(accepted.Intersect(deadLetters));
        }
        finally
        {
            broker.Dispose();
        }
    }

    /// <summary>The topics, the records and the group's configs; returns the topic's id.</summary>
    private static async Task<Guid> SetUpAsync(ServerProcess broker)
    {
        Guid topicId;
        using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = broker.BootstrapServers }).Build())
        {
            await admin.CreateTopicsAsync(
            [
                new TopicSpecification { Name = Topic, NumPartitions = 1, ReplicationFactor = 1 },
                new TopicSpecification
                {
                    Name = DeadLetterTopic, NumPartitions = 1, ReplicationFactor = 1,
                    Configs = new Dictionary<string, string> { ["errors.deadletterqueue.group.enable"] = "true" },
                },
            ]);
            var described = await admin.DescribeTopicsAsync(TopicCollection.OfTopicNames([Topic]));
            Assert.True(KafkaUuid.TryParse(Assert.Single(described.TopicDescriptions).TopicId.ToString(), out topicId));
        }
        using (var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = broker.BootstrapServers, LingerMs = 5 }).Build())
        {
            for (int i = 0; i < Records; i++)
            {
                producer.Produce(Topic, new Message<Null, string> { Value = $"job-{i}" });
            }
            Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
        }
        using var wire = await WireSession.OpenAsync(broker.Port);
        var altered = await wire.SendAsync<IncrementalAlterConfigsResponse>(IncrementalAlterConfigsRequest.ApiKey, 1, new IncrementalAlterConfigsRequest
        {
            Resources =
            [
                new IncrementalAlterConfigsRequest.AlterConfigsResource
                {
                    ResourceType = (sbyte)KafkaNet.Broker.Configs.ConfigResourceType.Group, ResourceName = Group,
                    Configs =
                    [
                        Set("errors.deadletterqueue.topic.name", DeadLetterTopic), Set("share.delivery.count.limit", $"{DeliveryLimit}"),
                        Set("share.auto.offset.reset", "earliest"),
                    ],
                },
            ],
        }, flexible: true);
        Assert.Equal(0, Assert.Single(altered.Responses).ErrorCode);
        return topicId;
    }

    private static IncrementalAlterConfigsRequest.AlterableConfig Set(string name, string value) => new() { Name = name, ConfigOperation = 0, Value = value };

    /// <summary>A new member of the group (over its own connection), then its share-fetch client.</summary>
    private static async Task<ShareWireClient> JoinAsync(ServerProcess broker, string memberId)
    {
        using var wire = await WireSession.OpenAsync(broker.Port);
        var join = new ShareGroupHeartbeatRequest { GroupId = Group, MemberId = memberId, MemberEpoch = 0, RackId = null, SubscribedTopicNames = [Topic] };
        // The coordinator is there once __consumer_offsets is created and loaded: until then a client retries.
        var deadline = DateTime.UtcNow + Within;
        var joined = await wire.SendAsync<ShareGroupHeartbeatResponse>(ShareGroupHeartbeatRequest.ApiKey, 1, join, flexible: true);
        while (joined.ErrorCode is 14 or 15 or 16 && DateTime.UtcNow < deadline)
        {
            await wire.SendAsync<FindCoordinatorResponse>(FindCoordinatorRequest.ApiKey, 4,
                new FindCoordinatorRequest { KeyType = 0, CoordinatorKeys = [Group] }, flexible: true);
            await Task.Delay(100);
            joined = await wire.SendAsync<ShareGroupHeartbeatResponse>(ShareGroupHeartbeatRequest.ApiKey, 1, join, flexible: true);
        }
        Assert.Equal(0, joined.ErrorCode);
        return await ShareWireClient.ConnectAsync(broker.Port, Group, memberId);
    }

    private static List<long> ReadDeadLetterOffsets(ServerProcess broker, int expected)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig
        {
            BootstrapServers = broker.BootstrapServers, GroupId = "dlq-reader", EnableAutoCommit = false, EnablePartitionEof = true,
        }).Build();
        consumer.Assign(new TopicPartitionOffset(DeadLetterTopic, 0, Offset.Beginning));
        var offsets = new List<long>();
        var deadline = DateTime.UtcNow + Within;
        bool atEnd = false;
        while (DateTime.UtcNow < deadline && !(atEnd && offsets.Count >= expected))
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is null) continue;
            atEnd = result.IsPartitionEOF;
            if (atEnd) continue;
            var header = result.Message.Headers.GetLastBytes("__dlq.errors.offset");
            offsets.Add(long.Parse(Encoding.UTF8.GetString(header), System.Globalization.CultureInfo.InvariantCulture));
        }
        return offsets;
    }

    /// <summary>One share consumer deciding every record by <see cref="Verdict"/> and acknowledging it explicitly.</summary>
    private sealed class Worker(ShareWireClient client, Guid topicId)
    {
        /// <summary>Offsets accepted (the answer came back, or the request was cut off by the kill), with their delivery count.</summary>
        public Dictionary<long, int> Accepted { get; } = [];

        /// <summary>The last delivery count each offset was delivered with.</summary>
        public Dictionary<long, int> Deliveries { get; } = [];

        /// <summary>Offsets that reached a final answer (accepted, rejected, or released on their last delivery).</summary>
        public int Answered { get; private set; }

        public async Task WorkUntilAsync(Func<int, bool> enough, TimeSpan within, bool stopWhenIdle = false)
        {
            var deadline = DateTime.UtcNow + within;
            int idle = 0;
            while (!enough(Answered) && DateTime.UtcNow < deadline && idle < 5)
            {
                var acquired = await FetchAsync(stopWhenIdle ? 300 : 0);
                idle = acquired.Count == 0 && stopWhenIdle ? idle + 1 : 0;
                if (acquired.Count == 0) continue;
                var batches = acquired.Keys.Order().Select(o => (o, o, new[] { Verdict(o) })).ToArray();
                var answer = await client.AcknowledgeAsync(topicId, 0, batches);
                Assert.Equal("p0 NONE", ShareWireText.Of(answer));
                foreach (var (offset, count) in acquired)
                {
                    if (Verdict(offset) == 1) Accepted[offset] = count;
                    if (Verdict(offset) != 2 || count >= DeliveryLimit) Answered++;
                }
            }
            Assert.True(enough(Answered) || stopWhenIdle, $"only {Answered} answered in {within}");
        }

        /// <summary>A fetch whose records are left acquired; returns them with their delivery counts.</summary>
        public Task<Dictionary<long, int>> TakeWithoutAnsweringAsync() => FetchAsync(0);

        private async Task<Dictionary<long, int>> FetchAsync(int maxWaitMs)
        {
            var response = await client.FetchAsync(topicId, [0], maxWaitMs: maxWaitMs, maxRecords: 100);
            Assert.Equal(0, response.ErrorCode);
            var acquired = new Dictionary<long, int>();
            foreach (var run in response.Topics.SelectMany(t => t.Partitions).SelectMany(p => p.AcquiredRecords))
            {
                for (long offset = run.FirstOffset; offset <= run.LastOffset; offset++)
                {
                    acquired[offset] = run.DeliveryCount;
                    Deliveries[offset] = run.DeliveryCount;
                }
            }
            return acquired;
        }
    }
}
