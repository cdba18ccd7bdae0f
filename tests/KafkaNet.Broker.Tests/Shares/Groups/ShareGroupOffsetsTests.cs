using KafkaNet.Broker.Shares;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Shares.Groups;

/// <summary>DescribeShareGroupOffsets: the start offsets of a share group's partitions, from the share state.</summary>
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

    private static List<string> Lines(DescribeShareGroupOffsetsResponse.Group group) =>
        [.. group.Topics.SelectMany(t => t.Partitions.Select(p =>
            $"{group.GroupId} {group.ErrorCode} {t.Topic}-{p.Partition} start {p.StartOffset} error {p.ErrorCode}"))];
}
