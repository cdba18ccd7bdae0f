using System.Collections.Concurrent;
using System.Diagnostics;
using Confluent.Kafka;
using KafkaNet.Broker.Tests.Admin;
using KafkaNet.Broker.Topics;
using KafkaNet.Embedded;
using Xunit.Abstractions;

namespace KafkaNet.Broker.Tests.Groups.Consumer;

/// <summary>librdkafka's KIP-848 consumer (group.protocol=consumer) against the embedded broker.</summary>
public sealed class ConfluentConsumerProtocolTests(ITestOutputHelper output)
{
    private const string Topic = "kip848-orders";
    private const int Partitions = 6;
    // Plenty: the waits for a rebalance poll (and commit) too, and how much they read depends on timing.
    private const int RecordsPerPartition = 1000;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly ConcurrentQueue<string> _clientLog = new();

    [Fact]
    public async Task Consumers_split_a_topic_take_over_from_a_leaver_and_resume_from_commits_after_a_restart()
    {
        using var data = new TempDirectory();
        const string group = "kip848-group";
        var committed = new Dictionary<int, long>();
        try
        {
            await using (var kafka = await StartAsync(data.Path))
            {
                kafka.CreateTopic(new TopicSpec(Topic, Partitions, 1, []));
                await ProduceAsync(kafka.BootstrapServers, RecordsPerPartition);

                var consumers = Enumerable.Range(0, 3).Select(i => Consumer(kafka.BootstrapServers, group, $"member-{i}")).ToList();
                foreach (var consumer in consumers)
                {
                    consumer.Subscribe(Topic);
                }
                PollUntil(consumers, committed, () => Owned(consumers).Count == Partitions && consumers.All(c => c.Assignment.Count == 2),
                    "three members own two partitions each");
                Assert.Equal(Partitions, Owned(consumers).Distinct().Count());

                // Each member reads and commits part of what it owns.
                ConsumeAndCommit(consumers, count: 40, committed);

                var leaver = consumers[2];
                var handedOver = leaver.Assignment.Select(tp => tp.Partition.Value).ToList();
                leaver.Close();
                leaver.Dispose();
                consumers.RemoveAt(2);
                PollUntil(consumers, committed, () => Owned(consumers).Count == Partitions && consumers.All(c => c.Assignment.Count == 3),
                    "the two remaining members own all six partitions");
                Assert.Equal(Partitions, Owned(consumers).Distinct().Count());
                Assert.All(handedOver, p => Assert.Contains(p, Owned(consumers)));

                ConsumeAndCommit(consumers, count: 40, committed);
                foreach (var consumer in consumers)
                {
                    consumer.Close();
                    consumer.Dispose();
                }
                var description = kafka.Broker.Groups.DescribeConsumerGroup(group);
                Assert.Equal("Empty", description.GroupState);

                // More to read in every partition, so the restarted member shows where it starts.
                await ProduceAsync(kafka.BootstrapServers, 5);
            }

            // Same data directory: the group's offsets come back from __consumer_offsets.
            await using (var kafka = await StartAsync(data.Path))
            {
                using var consumer = Consumer(kafka.BootstrapServers, group, "after-restart");
                consumer.Subscribe(Topic);
                var firstSeen = new Dictionary<int, long>();
                var clock = Stopwatch.StartNew();
                for (int polls = 0; polls < 10_000 && firstSeen.Count < Partitions && clock.Elapsed < Patience; polls++)
                {
                    if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { Message: not null } result)
                    {
                        firstSeen.TryAdd(result.Partition.Value, result.Offset.Value);
                    }
                }
                Assert.Equal(Partitions, firstSeen.Count);
                foreach (var (partition, offset) in committed)
                {
                    Assert.Equal(offset, firstSeen[partition]);
                }
                consumer.Close();
            }
        }
        catch
        {
            DumpClientLog();
            throw;
        }
    }

    [Fact]
    public async Task A_regex_subscriber_gets_the_matching_topics_and_the_admin_client_describes_the_group()
    {
        using var data = new TempDirectory();
        const string group = "kip848-regex";
        try
        {
            await using var kafka = await StartAsync(data.Path);
            kafka.CreateTopic(new TopicSpec("regex-eu", 2, 1, []));
            kafka.CreateTopic(new TopicSpec("regex-us", 1, 1, []));
            kafka.CreateTopic(new TopicSpec("other", 2, 1, []));
            using var consumer = Consumer(kafka.BootstrapServers, group, "regex-member");
            consumer.Subscribe("^regex-.*");
            List<IConsumer<Ignore, string>> consumers = [consumer];
            PollUntil(consumers, [], () => consumer.Assignment.Count == 3, "the member owns the three matching partitions");
            Assert.All(consumer.Assignment, tp => Assert.StartsWith("regex-", tp.Topic, StringComparison.Ordinal));
            // librdkafka hands the expression (in parentheses) to the broker, which resolves it.
            Assert.Equal("(^regex-.*)", Assert.Single(kafka.Broker.Groups.DescribeConsumerGroup(group).Members).SubscribedTopicRegex);

            using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = kafka.BootstrapServers }).Build();
            var described = Assert.Single((await admin.DescribeConsumerGroupsAsync([group])).ConsumerGroupDescriptions);
            Assert.Equal(ConsumerGroupState.Stable, described.State);
            var member = Assert.Single(described.Members);
            Assert.Equal("regex-member", member.ClientId);
            Assert.Equal(3, member.Assignment.TopicPartitions.Count);
            consumer.Close();
        }
        catch
        {
            DumpClientLog();
            throw;
        }
    }

    private static Task<EmbeddedKafka> StartAsync(string dataDirectory) => EmbeddedKafka.StartAsync(new EmbeddedKafkaOptions
    {
        DataDirectory = dataDirectory,
        Configure = o =>
        {
            o.Groups.OffsetsTopicNumPartitions = 3;
            o.Groups.ConsumerGroupHeartbeatIntervalMs = 500;
        },
    });

    private IConsumer<Ignore, string> Consumer(string bootstrap, string group, string clientId) =>
        new ConsumerBuilder<Ignore, string>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = group,
            ClientId = clientId,
            GroupProtocol = GroupProtocol.Consumer,
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            SocketTimeoutMs = 10000,
            Debug = "cgrp",
        }).SetLogHandler((_, m) => _clientLog.Enqueue($"{m.Name} {m.Facility} {m.Message}")).Build();

    private static Task ProduceAsync(string bootstrap, int perPartition)
    {
        using var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = bootstrap, LingerMs = 2 }).Build();
        int failed = 0;
        for (int p = 0; p < Partitions; p++)
        {
            for (int i = 0; i < perPartition; i++)
            {
                producer.Produce(new TopicPartition(Topic, p), new Message<Null, string> { Value = $"{p}-{i}" },
                    report => { if (report.Error.IsError) Interlocked.Increment(ref failed); });
            }
        }
        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
        Assert.Equal(0, failed);
        return Task.CompletedTask;
    }

    private static List<int> Owned(IEnumerable<IConsumer<Ignore, string>> consumers) =>
        [.. consumers.SelectMany(c => c.Assignment).Select(tp => tp.Partition.Value)];

    /// <summary>Polls every consumer in turn until the condition holds; fails after the patience runs out.</summary>
    private static void PollUntil(List<IConsumer<Ignore, string>> consumers, Dictionary<int, long> committed, Func<bool> done, string what)
    {
        var clock = Stopwatch.StartNew();
        for (int round = 0; round < 10_000 && clock.Elapsed < Patience; round++)
        {
            foreach (var consumer in consumers)
            {
                PollAndCommit(consumer, committed);
            }
            if (done())
            {
                return;
            }
        }
        Assert.Fail($"Timed out waiting until {what}; owned: [{string.Join(',', Owned(consumers))}]");
    }

    /// <summary>Reads <paramref name="count"/> records with the consumers, committing after each one.</summary>
    private static void ConsumeAndCommit(List<IConsumer<Ignore, string>> consumers, int count, Dictionary<int, long> committed)
    {
        int read = 0;
        var clock = Stopwatch.StartNew();
        for (int round = 0; round < 10_000 && clock.Elapsed < Patience && read < count; round++)
        {
            foreach (var consumer in consumers)
            {
                if (read < count && PollAndCommit(consumer, committed))
                {
                    read++;
                }
            }
        }
        Assert.Equal(count, read);
    }

    /// <summary>One poll; a record it returns is processed, which here means committing after it.</summary>
    private static bool PollAndCommit(IConsumer<Ignore, string> consumer, Dictionary<int, long> committed)
    {
        if (consumer.Consume(TimeSpan.FromMilliseconds(20)) is not { Message: not null } result)
        {
            return false;
        }
        try
        {
            consumer.Commit([new TopicPartitionOffset(result.TopicPartition, result.Offset + 1)]);
        }
        catch (KafkaException e) when (e.Error.Code == ErrorCode.StaleMemberEpoch)
        {
            // A heartbeat gave the member a new epoch while this commit was on its way; Kafka refuses it alike, and
            // librdkafka hands the error to the application. The record stays uncommitted.
            return true;
        }
        committed[result.Partition.Value] = result.Offset.Value + 1;
        return true;
    }

    private void DumpClientLog()
    {
        foreach (string line in _clientLog.Where(l => !l.Contains(" HEARTBEAT ", StringComparison.Ordinal)).TakeLast(400))
        {
            output.WriteLine(line);
        }
    }
}
