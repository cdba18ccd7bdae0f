using KafkaNet.Broker.Shares;

namespace KafkaNet.Broker.Tests.Shares;

public sealed class ShareStateBatchMergerTests
{
    private static ShareStateBatch B(long first, long last, RecordDeliveryState state, short count) => new(first, last, state, count);

    private const RecordDeliveryState Avail = RecordDeliveryState.Available;
    private const RecordDeliveryState Acked = RecordDeliveryState.Acknowledged;
    private const RecordDeliveryState Archived = RecordDeliveryState.Archived;

    [Fact]
    public void A_newer_batch_overrides_the_middle_of_an_older_one()
    {
        var merged = ShareStateBatchMerger.Merge([B(0, 9, Avail, 1)], [B(3, 5, Acked, 1)], 0);

        Assert.Equal([B(0, 2, Avail, 1), B(3, 5, Acked, 1), B(6, 9, Avail, 1)], merged);
    }

    [Fact]
    public void A_newer_batch_spanning_several_older_ones_replaces_what_it_covers()
    {
        var merged = ShareStateBatchMerger.Merge([B(0, 3, Avail, 1), B(5, 6, Archived, 5), B(8, 12, Acked, 2)], [B(2, 9, Avail, 3)], 0);

        Assert.Equal([B(0, 1, Avail, 1), B(2, 9, Avail, 3), B(10, 12, Acked, 2)], merged);
    }

    [Fact]
    public void Within_one_list_the_later_batch_wins()
    {
        var merged = ShareStateBatchMerger.Merge([], [B(10, 20, Avail, 1), B(15, 16, Archived, 2), B(16, 25, Acked, 1)], 0);

        Assert.Equal([B(10, 14, Avail, 1), B(15, 15, Archived, 2), B(16, 25, Acked, 1)], merged);
    }

    [Fact]
    public void The_start_offset_drops_batches_below_it_and_cuts_the_one_it_falls_in()
    {
        var merged = ShareStateBatchMerger.Merge([B(0, 4, Acked, 1), B(5, 9, Avail, 2), B(10, 12, Archived, 1)], [], 7);

        Assert.Equal([B(7, 9, Avail, 2), B(10, 12, Archived, 1)], merged);
    }

    [Fact]
    public void Touching_batches_of_equal_state_and_count_are_joined_and_a_gap_is_kept()
    {
        var merged = ShareStateBatchMerger.Merge([B(0, 4, Acked, 1)], [B(5, 9, Acked, 1), B(11, 12, Acked, 1)], 0);

        Assert.Equal([B(0, 9, Acked, 1), B(11, 12, Acked, 1)], merged);
    }

    [Fact]
    public void An_empty_batch_is_refused()
    {
        Assert.Throws<ArgumentException>(() => ShareStateBatchMerger.Merge([], [B(5, 4, Acked, 1)], 0));
    }
}
