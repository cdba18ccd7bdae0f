using KafkaNet.Broker.Tests.Network;
using KafkaNet.Broker.Topics;
using KafkaNet.Embedded;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Shares.Coordinator;

/// <summary>FindCoordinator with key type 2 (share-partitions) and the share-state APIs in ApiVersions.</summary>
public sealed class ShareFindCoordinatorTests
{
    private static readonly (short Key, short Min, short Max)[] StateApis = [(83, 0, 0), (84, 0, 0), (85, 0, 1), (86, 0, 0), (87, 0, 1)];

    [Fact]
    public async Task The_share_coordinator_is_found_once_its_topic_exists_and_is_advertised()
    {
        await using var kafka = await ShareStateWire.StartAsync();
        var topicId = kafka.CreateTopic(new TopicSpec("found", 1, 1, [])).Topic!.TopicId;
        var wire = await ShareStateWire.OpenAsync(kafka);
        string key = $"sg:{KafkaUuid.Format(topicId)}:0";

        var first = await wire.FindAsync(key);
        await wire.WaitForCoordinatorAsync(topicId);
        var found = await wire.FindAsync(key);
        var versions = await wire.Session.SendAsync<ApiVersionsResponse>(ApiVersionsRequest.ApiKey, 2, new ApiVersionsRequest(), flexible: false);

        // The first lookup asks the controller for __share_group_state; the caller asks again until it is there.
        Assert.Equal((ErrorCode.CoordinatorNotAvailable, -1), ((ErrorCode)first.ErrorCode, first.NodeId));
        Assert.Equal((0, kafka.Broker.Options.NodeId, kafka.Port, key), (found.ErrorCode, found.NodeId, found.Port, found.Key));
        Assert.All(StateApis, api => Assert.Contains(versions.ApiKeys, k => (k.ApiKey, k.MinVersion, k.MaxVersion) == api));
        var topic = kafka.Broker.Topics.Find(TopicNames.ShareGroupState)!;
        Assert.Equal((3, (short)1, true), (topic.PartitionCount, topic.ReplicationFactor, topic.IsInternal));
        Assert.Equal(["cleanup.policy=delete", "compression.type=producer", "min.insync.replicas=1", "segment.bytes=104857600"],
            topic.Configs.Select(c => $"{c.Key}={c.Value}"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("sg")]
    [InlineData("sg:not-a-topic-id:0")]
    [InlineData("sg:axwcUopHTT6aVR9bjC0OAQ:-1")]
    [InlineData(":axwcUopHTT6aVR9bjC0OAQ:0")]
    public async Task A_malformed_key_is_an_invalid_request(string key)
    {
        await using var kafka = await ShareStateWire.StartAsync();
        var wire = await ShareStateWire.OpenAsync(kafka);

        var answer = await wire.FindAsync(key);

        Assert.Equal((ErrorCode.InvalidRequest, -1, "", -1), ((ErrorCode)answer.ErrorCode, answer.NodeId, answer.Host, answer.Port));
        Assert.Null(kafka.Broker.Topics.Find(TopicNames.ShareGroupState));
    }

    [Fact]
    public async Task Before_version_6_a_share_key_is_an_invalid_request()
    {
        await using var kafka = await ShareStateWire.StartAsync();
        var wire = await ShareStateWire.OpenAsync(kafka);

        var answer = await wire.FindAsync("sg:axwcUopHTT6aVR9bjC0OAQ:0", version: 5);

        Assert.Equal(ErrorCode.InvalidRequest, (ErrorCode)answer.ErrorCode);
    }

    [Fact]
    public async Task Without_share_groups_there_is_no_share_coordinator()
    {
        await using var kafka = await EmbeddedKafka.StartAsync(new EmbeddedKafkaOptions { Configure = o => o.ShareGroups.Enabled = false });
        using var session = await WireSession.OpenAsync(kafka.Port);
        var wire = new ShareStateWire(session);

        var answer = await wire.FindAsync("sg:axwcUopHTT6aVR9bjC0OAQ:0");
        var versions = await session.SendAsync<ApiVersionsResponse>(ApiVersionsRequest.ApiKey, 2, new ApiVersionsRequest(), flexible: false);

        Assert.Equal(ErrorCode.InvalidRequest, (ErrorCode)answer.ErrorCode);
        Assert.DoesNotContain(versions.ApiKeys, k => k.ApiKey is >= 83 and <= 87);
        Assert.Null(kafka.Broker.ShareCoordinator);
        Assert.IsType<KafkaNet.Broker.Shares.InMemoryShareStatePersister>(kafka.Broker.ShareState);
    }
}
