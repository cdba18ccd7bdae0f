using KafkaNet.Broker.Shares;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Shares.Groups;

/// <summary>DescribeShareGroupOffsets, AlterShareGroupOffsets and DeleteShareGroupOffsets over the share state.</summary>
public sealed class ShareGroupOffsetsTests
{
    [Fact]
    public async Task Start_offsets_are_read_from_the_share_state()
    {
        await using var node = await ShareGroupNode.StartAsync();
        var topicId = node.CreateTopic("sg-offsets", 2);
        await node.HeartbeatAsync(ShareGroupNode.Join("sg-offsets-group", "member-a", "sg-offsets"));
        Assert.Equal(ErrorCode.None, await node.Kafka.Broker.ShareState.InitializeAsync(new SharePartitionKey("sg-offsets-group", topicId, 0), 1, 5, CancellationToken.None));

        var response = await node.SendAsync<DescribeShareGroupOffsetsResponse>(DescribeShareGroupOffsetsRequest.ApiKey, 1, new DescribeShareGroupOffsetsRequest
        {
            Groups =
            [
                new() { GroupId = "sg-offsets-group", Topics = null },
                new() { GroupId = "sg-offsets-group", Topics = [new() { Topic = "sg-nope", Partitions = [0] }] },
                new() { GroupId = "sg-offsets-missing", Topics = null },
            ],
        });

        Assert.Equal(
            ["sg-offsets-group 0 sg-offsets-0 start 5 error 0", "sg-offsets-group 0 sg-offsets-1 start -1 error 0"],
            Lines(response.Groups[0]));
        Assert.Equal(["sg-offsets-group 0 sg-nope-0 start -1 error 3"], Lines(response.Groups[1]));
        Assert.Equal((short)ErrorCode.GroupIdNotFound, response.Groups[2].ErrorCode);
        Assert.Equal(topicId, response.Groups[0].Topics[0].TopicId);
    }

    [Fact]
    public async Task The_lag_is_the_high_watermark_less_the_start_offset_less_what_is_done_with()
    {
        await using var node = await ShareGroupNode.StartAsync();
        var topicId = node.CreateTopic("sg-lag", 2);
        await node.HeartbeatAsync(ShareGroupNode.Join("sg-lag-group", "member-a", "sg-lag"));
        using (var producer = new Confluent.Kafka.ProducerBuilder<Confluent.Kafka.Null, string>(
            new Confluent.Kafka.ProducerConfig { BootstrapServers = node.Kafka.BootstrapServers }).Build())
        {
            for (int i = 0; i < 10; i++)
            {
                await producer.ProduceAsync(new Confluent.Kafka.TopicPartition("sg-lag", 0), new Confluent.Kafka.Message<Confluent.Kafka.Null, string> { Value = $"v{i}" });
            }
        }
        var key = new SharePartitionKey("sg-lag-group", topicId, 0);
        Assert.Equal(ErrorCode.None, await node.Kafka.Broker.ShareState.InitializeAsync(key, 1, 2, CancellationToken.None));
        Assert.Equal(ErrorCode.None, await node.Kafka.Broker.ShareState.WriteAsync(key, 1, 0, 2,
            [new ShareStateBatch(2, 3, RecordDeliveryState.Acknowledged, 1), new ShareStateBatch(4, 4, RecordDeliveryState.Acquired, 1),
             new ShareStateBatch(5, 5, RecordDeliveryState.Archived, 5)], CancellationToken.None));

        var partitions = (await DescribeOffsetsAsync(node, "sg-lag-group")).Topics.SelectMany(t => t.Partitions).ToList();

        // 10 records, start 2, three of the rest acknowledged or archived: 5 to go. Partition 1 has no state yet.
        Assert.Equal([(0, 2L, 5L), (1, -1L, -1L)], partitions.Select(p => (p.Partition, p.StartOffset, p.Lag)));
        Assert.Equal(3, (await node.Kafka.Broker.ShareState.ReadSummaryAsync(key, CancellationToken.None)).DeliveryCompleteCount);
    }

    [Fact]
    public async Task An_empty_group_has_its_start_offsets_altered_and_deleted()
    {
        await using var node = await ShareGroupNode.StartAsync();
        var topicId = node.CreateTopic("sg-reset", 2);
        await node.HeartbeatAsync(ShareGroupNode.Join("sg-busy", "member-a", "sg-reset"));

        var busy = await AlterAsync(node, "sg-busy", ("sg-reset", 0, 3));
        var altered = await AlterAsync(node, "sg-reset-group", ("sg-reset", 0, 7), ("sg-reset", 5, 1), ("sg-nope", 0, 1));

        Assert.Equal((short)ErrorCode.NonEmptyGroup, busy.ErrorCode);
        Assert.Equal(0, altered.ErrorCode);
        Assert.Equal(["sg-reset-0 0", "sg-reset-5 3", "sg-nope-0 3"],
            altered.Topics.SelectMany(t => t.Partitions.Select(p => $"{t.Topic}-{p.Partition} {p.ErrorCode}")));
        Assert.Equal("Empty", (await node.DescribeAsync("sg-reset-group")).GroupState);
        Assert.Equal(["sg-reset-group 0 sg-reset-0 start 7 error 0"], Lines(await DescribeOffsetsAsync(node, "sg-reset-group")));

        var deleted = await node.SendAsync<DeleteShareGroupOffsetsResponse>(DeleteShareGroupOffsetsRequest.ApiKey, 0, new DeleteShareGroupOffsetsRequest
        {
            GroupId = "sg-reset-group", Topics = [new() { Topic = "sg-reset" }, new() { Topic = "sg-nope" }],
        });

        Assert.Equal(0, deleted.ErrorCode);
        Assert.Equal(["sg-reset 0", "sg-nope 3"], deleted.Topics.Select(t => $"{t.Topic} {t.ErrorCode}"));
        Assert.Empty(Lines(await DescribeOffsetsAsync(node, "sg-reset-group")));
        var summary = await node.Kafka.Broker.ShareState.ReadSummaryAsync(new SharePartitionKey("sg-reset-group", topicId, 0), CancellationToken.None);
        Assert.Equal(-1, summary.StartOffset);
    }

    private static async Task<AlterShareGroupOffsetsResponse> AlterAsync(ShareGroupNode node, string group, params (string Topic, int Partition, long Offset)[] offsets) =>
        await node.SendAsync<AlterShareGroupOffsetsResponse>(AlterShareGroupOffsetsRequest.ApiKey, 0, new AlterShareGroupOffsetsRequest
        {
            GroupId = group,
            Topics = [.. offsets.GroupBy(o => o.Topic).Select(t => new AlterShareGroupOffsetsRequest.TopicData
            {
                Topic = t.Key,
                Partitions = [.. t.Select(o => new AlterShareGroupOffsetsRequest.PartitionData { Partition = o.Partition, StartOffset = o.Offset })],
            })],
        });

    private static async Task<DescribeShareGroupOffsetsResponse.Group> DescribeOffsetsAsync(ShareGroupNode node, string group)
    {
        var response = await node.SendAsync<DescribeShareGroupOffsetsResponse>(DescribeShareGroupOffsetsRequest.ApiKey, 1,
            new DescribeShareGroupOffsetsRequest { Groups = [new() { GroupId = group, Topics = null }] });
        return Assert.Single(response.Groups);
    }

    private static List<string> Lines(DescribeShareGroupOffsetsResponse.Group group) =>
        [.. group.Topics.SelectMany(t => t.Partitions.Select(p =>
            $"{group.GroupId} {group.ErrorCode} {t.Topic}-{p.Partition} start {p.StartOffset} error {p.ErrorCode}"))];
}
