using System.Diagnostics;
using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace KafkaNet.Compat.ConfluentKafka;

/// <summary>Group consumer configs, numbered records, bounded polling of several members, and admin reads of a group.</summary>
public static class GroupClients
{
    public static readonly TimeSpan AdminTimeout = TimeSpan.FromSeconds(15);

    public static string NewGroupId(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>A classic-protocol member with a short session and heartbeat so rebalances finish quickly.</summary>
    public static ConsumerConfig Classic(string bootstrap, string groupId, PartitionAssignmentStrategy strategy = PartitionAssignmentStrategy.Range) => new()
    {
        BootstrapServers = bootstrap,
        GroupId = groupId,
        PartitionAssignmentStrategy = strategy,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        EnableAutoCommit = false,
        SessionTimeoutMs = 10000,
        HeartbeatIntervalMs = 500,
        SocketTimeoutMs = 10000,
        FetchWaitMaxMs = 100,
    };

    /// <summary>A KIP-848 member: the broker owns session timeout, heartbeat interval and assignment, so none is set here.</summary>
    public static ConsumerConfig Kip848(string bootstrap, string groupId) => new()
    {
        BootstrapServers = bootstrap,
        GroupId = groupId,
        GroupProtocol = GroupProtocol.Consumer,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        EnableAutoCommit = false,
        SocketTimeoutMs = 10000,
        FetchWaitMaxMs = 100,
    };

    /// <summary>Records valued first..first+count-1, record n on partition n % partitions, all acknowledged before returning.</summary>
    public static void ProduceNumbered(string bootstrap, string topic, int partitions, int count, int first = 0)
    {
        int failed = 0;
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig
        {
            BootstrapServers = bootstrap,
            Acks = Acks.All,
            EnableIdempotence = false,
            LingerMs = 5,
            MessageTimeoutMs = 20000,
        }).Build();
        for (int n = first; n < first + count; n++)
        {
            producer.Produce(
                new TopicPartition(topic, n % partitions),
                new Message<string, string> { Value = n.ToString() },
                report => { if (report.Error.IsError) { Interlocked.Increment(ref failed); } });
        }
        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
        Assert.Equal(0, failed);
    }

    /// <summary>Polls every member in turn until <paramref name="condition"/> holds or the time is up; returns whether it held.</summary>
    public static bool PollUntil(IReadOnlyList<GroupMember> members, Func<bool> condition, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        for (int round = 0; round < 100_000 && clock.Elapsed < within; round++)
        {
            if (condition())
            {
                return true;
            }
            foreach (var member in members)
            {
                member.Poll(TimeSpan.FromMilliseconds(50));
            }
        }
        return condition();
    }

    /// <summary>Keeps every member polled for a while, so heartbeats and any pending rebalance run their course.</summary>
    public static void PollFor(IReadOnlyList<GroupMember> members, TimeSpan duration) => PollUntil(members, () => false, duration);

    /// <summary>True when the members own every partition of the topic between them, each exactly once.</summary>
    public static bool SplitExactly(IReadOnlyList<GroupMember> members, string topic, int partitions)
    {
        var owned = members.SelectMany(m => m.Owned).ToList();
        return owned.Count == partitions
            && owned.Distinct().Count() == partitions
            && owned.All(p => p.Topic == topic);
    }

    /// <summary>The group's committed offset of each partition of the topic, as the admin client reads it (Unset = -1001).</summary>
    public static async Task<Dictionary<int, long>> AdminCommittedAsync(IAdminClient admin, string group, string topic, int partitions)
    {
        var request = new ConsumerGroupTopicPartitions(group, [.. Enumerable.Range(0, partitions).Select(p => new TopicPartition(topic, p))]);
        var results = await admin.ListConsumerGroupOffsetsAsync([request], new ListConsumerGroupOffsetsOptions { RequestTimeout = AdminTimeout });
        var result = Assert.Single(results);
        Assert.Equal(group, result.Group);
        return result.Partitions.ToDictionary(p => p.Partition.Value, p => p.Offset.Value);
    }

    public static async Task<ConsumerGroupDescription> DescribeAsync(IAdminClient admin, string group)
    {
        var described = await admin.DescribeConsumerGroupsAsync([group], new DescribeConsumerGroupsOptions { RequestTimeout = AdminTimeout });
        return Assert.Single(described.ConsumerGroupDescriptions);
    }
}
