using Confluent.Kafka;
using KafkaNet.Broker.Tests.Admin;
using KafkaNet.Embedded;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Records;

/// <summary>DescribeLogDirs over the wire (Confluent.Kafka does not expose it): one dir, partition sizes, filesystem space.</summary>
public sealed class DescribeLogDirsTests : IAsyncLifetime
{
    private EmbeddedKafka _kafka = null!;

    public async Task InitializeAsync()
    {
        _kafka = await EmbeddedKafka.StartAsync();
        using var admin = AdminClients.Create(_kafka);
        await admin.CreateTopicAsync("sized", partitions: 2);
        await admin.CreateTopicAsync("other");
        using var producer = RecordClients.Producer(_kafka.BootstrapServers);
        await RecordClients.ProduceAsync(producer, new TopicPartition("sized", 1), Enumerable.Range(0, 20).Select(i => new string('x', 100 + i)));
    }

    public async Task DisposeAsync() => await _kafka.DisposeAsync();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task Null_topics_describe_every_partition_in_the_one_log_dir(short version)
    {
        var response = await DescribeAsync(version, topics: null);

        var dir = Assert.Single(response.Results);
        Assert.Equal(0, dir.ErrorCode);
        Assert.Equal(Path.GetFullPath(_kafka.DataDirectory), dir.LogDir);
        Assert.True(Path.IsPathRooted(dir.LogDir));
        Assert.Equal(["other", "sized"], dir.Topics.Select(t => t.Name));
        var sized = dir.Topics[1].Partitions;
        Assert.Equal([0, 1], sized.Select(p => p.PartitionIndex));
        Assert.Equal(0, sized[0].PartitionSize);
        Assert.Equal(_kafka.Broker.Replicas!.Find("sized", 1)!.Size, sized[1].PartitionSize);
        Assert.True(sized[1].PartitionSize > 20 * 100);
        Assert.All(dir.Topics.SelectMany(t => t.Partitions), p => Assert.Equal((0L, false), (p.OffsetLag, p.IsFutureKey)));
    }

    [Fact]
    public async Task Listed_topics_narrow_the_answer_and_unknown_ones_are_left_out()
    {
        var response = await DescribeAsync(2, [new() { Topic = "sized", Partitions = [1, 9] }, new() { Topic = "nope", Partitions = [0] }]);

        var topic = Assert.Single(Assert.Single(response.Results).Topics);
        Assert.Equal("sized", topic.Name);
        Assert.Equal(1, Assert.Single(topic.Partitions).PartitionIndex);
    }

    [Fact]
    public async Task Topic_named_twice_is_answered_once_with_the_partitions_of_both_entries()
    {
        var response = await DescribeAsync(1, [new() { Topic = "sized", Partitions = [0] }, new() { Topic = "sized", Partitions = [1] }]);

        var topic = Assert.Single(Assert.Single(response.Results).Topics);
        Assert.Equal([0, 1], topic.Partitions.Select(p => p.PartitionIndex));
    }

    [Fact]
    public async Task V4_carries_the_total_and_usable_bytes_of_the_filesystem()
    {
        var dir = Assert.Single((await DescribeAsync(4, topics: null)).Results);

        var drive = new DriveInfo(_kafka.DataDirectory);
        Assert.Equal(drive.TotalSize, dir.TotalBytes);
        Assert.InRange(dir.UsableBytes, 1, dir.TotalBytes);
    }

    private Task<DescribeLogDirsResponse> DescribeAsync(short version, List<DescribeLogDirsRequest.DescribableLogDirTopic>? topics) =>
        WireExchange.SendAsync<DescribeLogDirsResponse>(_kafka.Port, DescribeLogDirsRequest.ApiKey, version, new DescribeLogDirsRequest { Topics = topics }, flexible: version >= 2);
}
