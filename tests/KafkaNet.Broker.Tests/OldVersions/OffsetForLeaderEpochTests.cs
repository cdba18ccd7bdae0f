using Confluent.Kafka;
using KafkaNet.Broker.Tests.Admin;
using KafkaNet.Broker.Tests.Records;
using KafkaNet.Broker.Topics;
using KafkaNet.Embedded;
using KafkaNet.Protocol;
using ErrorCode = KafkaNet.Protocol.ErrorCode;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.OldVersions;

/// <summary>OffsetForLeaderEpoch 0-4: every partition is led in epoch 0, which ends at the log end.</summary>
public sealed class OffsetForLeaderEpochTests : IAsyncLifetime
{
    private EmbeddedKafka _kafka = null!;

    public async Task InitializeAsync()
    {
        _kafka = await EmbeddedKafka.StartAsync();
        _kafka.CreateTopic(new TopicSpec("epochs", 2, 1, []));
        using var producer = RecordClients.Producer(_kafka.BootstrapServers);
        await RecordClients.ProduceAsync(producer, new TopicPartition("epochs", 0), ["a", "b", "c", "d"]);
    }

    public async Task DisposeAsync() => await _kafka.DisposeAsync();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task The_current_epoch_ends_at_the_log_end_and_unknown_partitions_fail(short version)
    {
        var response = await SendAsync(version, ("epochs", 0, -1, 0), ("epochs", 1, -1, 0), ("epochs", 9, -1, 0), ("nowhere", 0, -1, 0));

        Assert.Equal([(short)0, (short)0, (short)ErrorCode.UnknownTopicOrPartition, (short)ErrorCode.UnknownTopicOrPartition], response.Select(p => p.ErrorCode));
        Assert.Equal([4L, 0L, -1L, -1L], response.Select(p => p.EndOffset));
        // v0 answers carry no epoch, which reads back as -1.
        Assert.Equal(version >= 1 ? [0, 0, -1, -1] : [-1, -1, -1, -1], response.Select(p => p.LeaderEpoch));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public async Task An_epoch_above_the_current_one_or_undefined_gets_undefined_epoch_and_offset_without_error(short version)
    {
        var response = await SendAsync(version, ("epochs", 0, -1, 7), ("epochs", 0, -1, -1));

        Assert.All(response, p => Assert.Equal((0, -1, -1L), (p.ErrorCode, p.LeaderEpoch, p.EndOffset)));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task A_current_leader_epoch_other_than_ours_is_fenced_below_and_unknown_above(short version)
    {
        var response = await SendAsync(version, ("epochs", 0, 0, 0), ("epochs", 0, 1, 0), ("epochs", 0, -5, 0));

        Assert.Equal([(short)0, (short)ErrorCode.UnknownLeaderEpoch, (short)ErrorCode.FencedLeaderEpoch], response.Select(p => p.ErrorCode));
        Assert.Equal([4L, -1L, -1L], response.Select(p => p.EndOffset));
    }

    [Fact]
    public async Task A_consumer_assigned_with_the_leader_epoch_validates_its_position_and_reads_on()
    {
        using var consumer = RecordClients.Consumer(_kafka.BootstrapServers);
        // An offset with a leader epoch makes librdkafka validate it with OffsetForLeaderEpoch before fetching.
        consumer.Assign(new TopicPartitionOffset(new TopicPartition("epochs", 0), new Offset(2), leaderEpoch: 0));
        var read = new List<string>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (int polls = 0; polls < 200 && read.Count < 2 && clock.Elapsed < TimeSpan.FromSeconds(20); polls++)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { IsPartitionEOF: false, Message: not null } result)
            {
                read.Add(result.Message.Value);
            }
        }
        consumer.Close();

        Assert.Equal(["c", "d"], read);
    }

    private async Task<List<OffsetForLeaderEpochResponse.EpochEndOffset>> SendAsync(short version, params (string Topic, int Partition, int Current, int Epoch)[] queries)
    {
        var request = new OffsetForLeaderEpochRequest
        {
            ReplicaId = -1,
            Topics = [.. queries.Select(q => new OffsetForLeaderEpochRequest.OffsetForLeaderTopic
            {
                Topic = q.Topic,
                Partitions = [new() { Partition = q.Partition, CurrentLeaderEpoch = q.Current, LeaderEpoch = q.Epoch }],
            })],
        };
        var response = await WireExchange.SendAsync<OffsetForLeaderEpochResponse>(_kafka.Port, OffsetForLeaderEpochRequest.ApiKey, version, request, flexible: version >= 4);
        Assert.Equal(queries.Select(q => q.Topic), response.Topics.Select(t => t.Topic));
        return [.. response.Topics.Select(t => Assert.Single(t.Partitions))];
    }
}
