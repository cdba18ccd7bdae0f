using KafkaNet.Broker.Shares;
using KafkaNet.Protocol;
using static KafkaNet.Broker.Tests.Shares.ShareStateFixtures;

namespace KafkaNet.Broker.Tests.Shares;

/// <summary>State that no share-partition leader writes is refused whole, and nothing is stored.</summary>
public sealed class ShareCoordinatorStateValidationTests
{
    private const RecordDeliveryState Acked = RecordDeliveryState.Acknowledged;

    public static TheoryData<long, ShareStateBatch> BadWrites => new()
    {
        { 0, B(285, 227, Acked, 1) },
        { 0, B(long.MaxValue - 1, 52, Acked, 1) },
        { 0, B(-3, 4, Acked, 1) },
        { 0, B(0, 4, Acked, -1) },
        { 0, B(0, 4, (RecordDeliveryState)5, 1) },
        { 0, B(0, 4, (RecordDeliveryState)255, 1) },
        { -2, B(0, 4, Acked, 1) },
    };

    [Theory]
    [MemberData(nameof(BadWrites))]
    public void A_write_with_bad_state_is_an_invalid_request_and_changes_nothing(long startOffset, ShareStateBatch batch)
    {
        var state = new ShareCoordinatorState();
        Assert.Equal(ErrorCode.None, state.Write(Key, 1, 0, 0, [B(0, 1, Acked, 1)]).Error);
        var before = state.Get(Key);

        var result = state.Write(Key, 1, 0, startOffset, [B(2, 2, Acked, 1), batch]);

        Assert.Equal(ErrorCode.InvalidRequest, result.Error);
        Assert.Empty(result.Records);
        Assert.Equal(before, state.Get(Key));
    }

    [Fact]
    public void Initialize_below_minus_one_is_an_invalid_request()
    {
        var state = new ShareCoordinatorState();
        Assert.Equal(ErrorCode.InvalidRequest, state.Initialize(Key, 1, -2).Error);
        Assert.Null(state.Get(Key));
    }

    [Fact]
    public void Loading_state_wider_than_any_window_cuts_it_and_offers_the_rest_again()
    {
        var snapshot = new SharePartitionSnapshot(1, 10, [B(10, 10, RecordDeliveryState.Archived, 1), B(11, long.MaxValue - 1, Acked, 1)]);

        var partition = new SharePartition(snapshot);

        // Everything loaded is complete, so the start offset moves to the cut; the offsets past it come again.
        Assert.Equal(10 + SharePartition.MaxLoadedWindow, partition.StartOffset);
        Assert.Equal(partition.StartOffset, partition.EndOffset);
    }
}
