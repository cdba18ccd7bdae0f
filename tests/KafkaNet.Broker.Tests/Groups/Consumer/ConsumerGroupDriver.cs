using KafkaNet.Broker.Groups;
using KafkaNet.Broker.Groups.Consumer;
using KafkaNet.Broker.Tests.Admin;
using KafkaNet.Broker.Topics;
using KafkaNet.Embedded;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Groups.Consumer;

/// <summary>
/// Drives the group coordinator of an embedded broker with ConsumerGroupHeartbeat requests, as a
/// KIP-848 client would, and keeps what each member was told it owns.
/// </summary>
internal sealed class ConsumerGroupDriver : IAsyncDisposable
{
    private readonly TempDirectory _data;

    private ConsumerGroupDriver(EmbeddedKafka kafka, TempDirectory data)
    {
        Kafka = kafka;
        _data = data;
    }

    public EmbeddedKafka Kafka { get; private set; }

    public Dictionary<string, Assignment> Owned { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, int> Epochs { get; } = new(StringComparer.Ordinal);

    public static async Task<ConsumerGroupDriver> StartAsync(Action<GroupCoordinatorOptions>? configure = null)
    {
        var data = new TempDirectory();
        return new ConsumerGroupDriver(await Start(configure, data.Path), data);
    }

    /// <summary>Stops the broker and starts it again on the same data directory.</summary>
    public async Task RestartAsync(Action<GroupCoordinatorOptions>? configure = null)
    {
        await Kafka.DisposeAsync();
        Kafka = await Start(configure, _data.Path);
        // The partitions of __consumer_offsets load in the background after a restart.
        for (int wait = 0; wait < 200 && !Kafka.Broker.Groups.AllShardsLoaded; wait++)
        {
            await Task.Delay(50);
        }
        Assert.True(Kafka.Broker.Groups.AllShardsLoaded);
    }

    public Guid CreateTopic(string name, int partitions)
    {
        Kafka.CreateTopic(new TopicSpec(name, partitions, 1, []));
        return Kafka.Broker.Topics.Find(name)!.TopicId;
    }

    public static ConsumerGroupHeartbeatRequest Join(string group, string memberId, params string[] topics) => new()
    {
        GroupId = group,
        MemberId = memberId,
        MemberEpoch = 0,
        RebalanceTimeoutMs = 30000,
        SubscribedTopicNames = [.. topics],
        TopicPartitions = [],
    };

    /// <summary>A heartbeat that reports what the member owns, as every client does after a change.</summary>
    public ConsumerGroupHeartbeatRequest Beat(string group, string memberId, int? epoch = null) => new()
    {
        GroupId = group,
        MemberId = memberId,
        MemberEpoch = epoch ?? Epochs[memberId],
        TopicPartitions = Owned.GetValueOrDefault(memberId, Assignment.Empty)
            .ToList((id, partitions) => new ConsumerGroupHeartbeatRequest.TopicPartitionsData { TopicId = id, Partitions = partitions }),
    };

    /// <summary>Sends a heartbeat and records its answer.</summary>
    public async Task<ConsumerGroupHeartbeatResponse> SendAsync(ConsumerGroupHeartbeatRequest request, short version = 1)
    {
        await Kafka.WaitForGroupCoordinatorAsync(request.GroupId);
        return Record(await Kafka.Broker.Groups.ConsumerGroupHeartbeatAsync(request, version, "driver", "/127.0.0.1", CancellationToken.None));
    }

    /// <summary>Takes note of a successful answer: the member's epoch and, when sent, what it owns.</summary>
    public ConsumerGroupHeartbeatResponse Record(ConsumerGroupHeartbeatResponse response)
    {
        if (response.ErrorCode == 0 && response.MemberId is { } memberId)
        {
            Epochs[memberId] = response.MemberEpoch;
            if (response.Assignment is { } assignment)
            {
                Owned[memberId] = Assignment.From(assignment.TopicPartitions, t => t.TopicId, t => t.Partitions);
            }
        }
        return response;
    }

    public async Task<ErrorCode> SendErrorAsync(ConsumerGroupHeartbeatRequest request, short version = 1) =>
        (ErrorCode)(await SendAsync(request, version)).ErrorCode;

    /// <summary>Heartbeats every member in turn until none changes any more (bounded).</summary>
    public async Task SettleAsync(string group, params string[] memberIds)
    {
        for (int round = 0; round < 20; round++)
        {
            bool changed = false;
            foreach (string memberId in memberIds)
            {
                var before = (Epochs[memberId], Owned.GetValueOrDefault(memberId));
                var response = await SendAsync(Beat(group, memberId));
                Assert.Equal(0, response.ErrorCode);
                changed |= before != (Epochs[memberId], Owned.GetValueOrDefault(memberId));
                AssertNoPartitionOwnedTwice();
            }
            if (!changed)
            {
                return;
            }
        }
        Assert.Fail("The group did not settle in 20 rounds.");
    }

    public void AssertNoPartitionOwnedTwice()
    {
        var owners = new HashSet<(Guid, int)>();
        foreach (var assignment in Owned.Values)
        {
            foreach (var topic in assignment)
            {
                foreach (int partition in topic.Partitions)
                {
                    Assert.True(owners.Add((topic.TopicId, partition)), $"{topic.TopicId}-{partition} is owned twice");
                }
            }
        }
    }

    public ConsumerGroupDescribeResponse.DescribedGroup Describe(string group) => Kafka.Broker.Groups.DescribeConsumerGroup(group);

    public long OffsetsTopicEnd()
    {
        long total = 0;
        for (int p = 0; p < 3; p++)
        {
            total += Kafka.Broker.Replicas!.Find("__consumer_offsets", p)?.LogEndOffset ?? 0;
        }
        return total;
    }

    public async ValueTask DisposeAsync()
    {
        await Kafka.DisposeAsync();
        _data.Dispose();
    }

    private static Task<EmbeddedKafka> Start(Action<GroupCoordinatorOptions>? configure, string dataDirectory) =>
        EmbeddedKafka.StartAsync(new EmbeddedKafkaOptions
        {
            DataDirectory = dataDirectory,
            Configure = o =>
            {
                o.Groups.OffsetsTopicNumPartitions = 3;
                configure?.Invoke(o.Groups);
            },
        });
}
