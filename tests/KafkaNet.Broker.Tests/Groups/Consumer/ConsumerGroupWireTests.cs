using KafkaNet.Broker.Tests.Network;
using KafkaNet.Broker.Topics;
using KafkaNet.Embedded;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Groups.Consumer;

/// <summary>ConsumerGroupHeartbeat and ConsumerGroupDescribe on the wire.</summary>
public sealed class ConsumerGroupWireTests
{
    [Fact]
    public async Task Both_APIs_are_advertised_and_answer_over_the_wire()
    {
        await using var kafka = await EmbeddedKafka.StartAsync(new EmbeddedKafkaOptions { Configure = o => o.Groups.OffsetsTopicNumPartitions = 3 });
        kafka.CreateTopic(new TopicSpec("wire-orders", 3, 1, []));
        using var session = await WireSession.OpenAsync(kafka.Port);
        var versions = await session.SendAsync<ApiVersionsResponse>(ApiVersionsRequest.ApiKey, 2, new ApiVersionsRequest(), flexible: false);
        Assert.Contains(versions.ApiKeys, k => (k.ApiKey, k.MinVersion, k.MaxVersion) == (68, 0, 1));
        Assert.Contains(versions.ApiKeys, k => (k.ApiKey, k.MinVersion, k.MaxVersion) == (69, 0, 1));
        // The first FindCoordinator asks for __consumer_offsets; a client asks again until the coordinator is there.
        var found = await session.SendAsync<FindCoordinatorResponse>(FindCoordinatorRequest.ApiKey, 1,
            new FindCoordinatorRequest { Key = "wire-group", KeyType = 0 }, flexible: false);
        Assert.Equal((short)ErrorCode.CoordinatorNotAvailable, found.ErrorCode);
        await kafka.WaitForGroupCoordinatorAsync("wire-group");
        found = await session.SendAsync<FindCoordinatorResponse>(FindCoordinatorRequest.ApiKey, 1,
            new FindCoordinatorRequest { Key = "wire-group", KeyType = 0 }, flexible: false);
        Assert.Equal((0, kafka.Port), (found.ErrorCode, found.Port));

        var heartbeat = await session.SendAsync<ConsumerGroupHeartbeatResponse>(ConsumerGroupHeartbeatRequest.ApiKey, 1,
            ConsumerGroupDriver.Join("wire-group", "wire-member", "wire-orders"), flexible: true);
        var describe = await session.SendAsync<ConsumerGroupDescribeResponse>(ConsumerGroupDescribeRequest.ApiKey, 1,
            new ConsumerGroupDescribeRequest { GroupIds = ["wire-group", "missing", ""], IncludeAuthorizedOperations = true }, flexible: true);

        Assert.Equal((0, "wire-member", 1), (heartbeat.ErrorCode, heartbeat.MemberId, heartbeat.MemberEpoch));
        Assert.Equal([0, 1, 2], Assert.Single(heartbeat.Assignment!.TopicPartitions).Partitions);
        var group = describe.Groups[0];
        Assert.Equal(("Stable", 1, "uniform"), (group.GroupState, group.GroupEpoch, group.AssignorName));
        Assert.NotEqual(int.MinValue, group.AuthorizedOperations);
        Assert.Equal("wire-orders", Assert.Single(Assert.Single(group.Members).Assignment.TopicPartitions).TopicName);
        Assert.Equal((short)ErrorCode.GroupIdNotFound, describe.Groups[1].ErrorCode);
        Assert.Equal((short)ErrorCode.InvalidGroupId, describe.Groups[2].ErrorCode);
        await session.AssertUsableAsync();
    }
}
