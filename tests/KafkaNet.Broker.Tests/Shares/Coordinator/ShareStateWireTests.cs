using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;

namespace KafkaNet.Broker.Tests.Shares.Coordinator;

/// <summary>The share-state RPCs over a real socket against a broker with share groups enabled.</summary>
public sealed class ShareStateWireTests
{
    private const sbyte Available = 0, Acquired = 1, Acknowledged = 2, Archived = 4;

    [Fact]
    public async Task State_is_initialized_written_read_summarized_and_deleted()
    {
        await using var kafka = await ShareStateWire.StartAsync();
        var topicId = kafka.CreateTopic(new TopicSpec("orders", 2, 1, [])).Topic!.TopicId;
        var wire = await ShareStateWire.OpenAsync(kafka);
        await wire.WaitForCoordinatorAsync(topicId);

        var initialized = await wire.InitializeAsync(topicId, 0, stateEpoch: 1, startOffset: 10);
        var written = await wire.WriteAsync(topicId, 0, stateEpoch: 1, leaderEpoch: 3, startOffset: 12,
            (12, 14, Acknowledged, 1), (15, 15, Acquired, 2), (16, 19, Available, 1));
        var release = await wire.WriteAsync(topicId, 0, stateEpoch: 1, leaderEpoch: 3, startOffset: -1, (15, 15, Archived, 2));
        var read = await wire.ReadAsync(topicId, 0, leaderEpoch: 3);
        var summary = await wire.SummaryAsync(topicId, 0);

        Assert.Equal((0, 0, 0), (initialized.ErrorCode, written.ErrorCode, release.ErrorCode));
        Assert.Equal(((short)0, (string?)null, 1, 12L), (read.ErrorCode, read.ErrorMessage, read.StateEpoch, read.StartOffset));
        Assert.Equal("12-14:2/1 15-15:4/2 16-19:0/1", ShareStateWire.Batches(read));
        Assert.Equal((0, 1, 3, 12L, 4), (summary.ErrorCode, summary.StateEpoch, summary.LeaderEpoch, summary.StartOffset, summary.DeliveryCompleteCount));

        var deleted = await wire.DeleteAsync(topicId, 0);
        var gone = await wire.ReadAsync(topicId, 0, leaderEpoch: 3);
        Assert.Equal((short)0, deleted.ErrorCode);
        Assert.Equal((0, 0, -1L, ""), (gone.ErrorCode, gone.StateEpoch, gone.StartOffset, ShareStateWire.Batches(gone)));
        await wire.Session.AssertUsableAsync();
    }

    [Fact]
    public async Task Stale_epochs_and_bad_keys_get_Kafkas_errors()
    {
        await using var kafka = await ShareStateWire.StartAsync();
        var topicId = kafka.CreateTopic(new TopicSpec("fenced", 1, 1, [])).Topic!.TopicId;
        var wire = await ShareStateWire.OpenAsync(kafka);
        await wire.WaitForCoordinatorAsync(topicId);
        Assert.Equal(0, (await wire.WriteAsync(topicId, 0, stateEpoch: 2, leaderEpoch: 5, startOffset: 0, (0, 3, Acquired, 1))).ErrorCode);

        var olderLeader = await wire.WriteAsync(topicId, 0, stateEpoch: 2, leaderEpoch: 4, startOffset: 0);
        var olderState = await wire.WriteAsync(topicId, 0, stateEpoch: 1, leaderEpoch: 5, startOffset: 0);
        var olderInitialize = await wire.InitializeAsync(topicId, 0, stateEpoch: 1, startOffset: 0);
        var olderReader = await wire.ReadAsync(topicId, 0, leaderEpoch: 4);
        var unknownTopic = await wire.WriteAsync(Guid.NewGuid(), 0, stateEpoch: 0, leaderEpoch: 0, startOffset: 0);
        var unknownPartition = await wire.ReadAsync(topicId, 7, leaderEpoch: 0);
        var negativePartition = await wire.InitializeAsync(topicId, -1, stateEpoch: 0, startOffset: 0);
        var emptyGroup = await wire.InitializeAsync(topicId, 0, stateEpoch: 3, startOffset: 0, group: "");
        var noTopicId = await wire.DeleteAsync(Guid.Empty, 0);

        Assert.Equal(ErrorCode.FencedLeaderEpoch, (ErrorCode)olderLeader.ErrorCode);
        Assert.Equal("The leader epoch in the request is older than the epoch on the broker.", olderLeader.ErrorMessage);
        Assert.Equal(ErrorCode.FencedStateEpoch, (ErrorCode)olderState.ErrorCode);
        Assert.Equal(ErrorCode.FencedStateEpoch, (ErrorCode)olderInitialize.ErrorCode);
        Assert.Equal(ErrorCode.FencedLeaderEpoch, (ErrorCode)olderReader.ErrorCode);
        Assert.Equal(ErrorCode.UnknownTopicOrPartition, (ErrorCode)unknownTopic.ErrorCode);
        Assert.Equal(ErrorCode.UnknownTopicOrPartition, (ErrorCode)unknownPartition.ErrorCode);
        Assert.Equal(ErrorCode.InvalidRequest, (ErrorCode)negativePartition.ErrorCode);
        Assert.Equal(ErrorCode.InvalidRequest, (ErrorCode)emptyGroup.ErrorCode);
        Assert.Equal(ErrorCode.InvalidRequest, (ErrorCode)noTopicId.ErrorCode);
        // Nothing refused changed the state.
        var read = await wire.ReadAsync(topicId, 0, leaderEpoch: 5);
        Assert.Equal((2, 0L, "0-3:1/1"), (read.StateEpoch, read.StartOffset, ShareStateWire.Batches(read)));
    }

    [Fact]
    public async Task Summary_before_the_topic_exists_is_coordinator_not_available()
    {
        await using var kafka = await ShareStateWire.StartAsync();
        var topicId = kafka.CreateTopic(new TopicSpec("early", 1, 1, [])).Topic!.TopicId;
        var wire = await ShareStateWire.OpenAsync(kafka);

        var early = await wire.SummaryAsync(topicId, 0);

        Assert.Equal(ErrorCode.CoordinatorNotAvailable, ShareStateWire.Code(early));
        Assert.Null(kafka.Broker.Topics.Find(TopicNames.ShareGroupState));
    }
}
