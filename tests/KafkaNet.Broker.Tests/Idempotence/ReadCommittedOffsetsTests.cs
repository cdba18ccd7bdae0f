using static KafkaNet.Broker.Tests.Idempotence.ProducerBatches;

namespace KafkaNet.Broker.Tests.Idempotence;

/// <summary>ListOffsets with isolation levels: read_committed readers are told of offsets below the last stable offset only.</summary>
public sealed class ReadCommittedOffsetsTests : IAsyncLifetime
{
    private const string Topic = "offsets-isolated";
    private const long ProducerId = 9100;
    private const long Latest = -1;
    private const long MaxTimestamp = -3;
    private TransactionalWire _wire = null!;

    public async Task InitializeAsync() => _wire = await TransactionalWire.StartAsync(TransactionalWire.Unverified(), (Topic, 1));

    public async Task DisposeAsync() => await _wire.DisposeAsync();

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(11)]
    public async Task Without_open_transactions_read_committed_latest_is_the_log_end(short version)
    {
        await _wire.ProduceOneAsync(Request(Topic, 0, Plain(3)));

        var committed = await _wire.ListOffsetAsync(Topic, Latest, readCommitted: true, version);

        Assert.Equal((0, 3L), (committed.ErrorCode, committed.Offset));
    }

    [Fact]
    public async Task Lookup_that_finds_nothing_has_no_leader_epoch()
    {
        var none = await _wire.ListOffsetAsync(Topic, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), readCommitted: false);

        Assert.Equal((-1L, -1L, -1), (none.Offset, none.Timestamp, none.LeaderEpoch));
    }

    // These need the partition's producer state: an open transaction holds the last stable offset back.

    [Fact]
    public async Task Read_committed_latest_is_the_first_offset_of_the_open_transaction()
    {
        await _wire.ProduceOneAsync(Request(Topic, 0, Plain(2)));
        await _wire.ProduceOneAsync(Request(Topic, 0, Batch(ProducerId, 0, 0, count: 3, transactional: true), transactionalId: "offsets"));

        var committed = await _wire.ListOffsetAsync(Topic, Latest, readCommitted: true);
        var uncommitted = await _wire.ListOffsetAsync(Topic, Latest, readCommitted: false);

        Assert.Equal((2L, 5L), (committed.Offset, uncommitted.Offset));
        await _wire.EndTransactionAsync(Topic, ProducerId, 0, commit: true);
        Assert.Equal(6, (await _wire.ListOffsetAsync(Topic, Latest, readCommitted: true)).Offset);
    }

    [Fact]
    public async Task Timestamp_lookups_of_read_committed_readers_ignore_records_past_the_last_stable_offset()
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await _wire.ProduceOneAsync(Request(Topic, 0, Batch(-1, -1, -1, count: 1, timestamp: now - 10_000)));
        await _wire.ProduceOneAsync(Request(Topic, 0, Batch(ProducerId, 0, 0, count: 1, transactional: true, timestamp: now), transactionalId: "offsets"));

        var committedByTime = await _wire.ListOffsetAsync(Topic, now - 1000, readCommitted: true);
        var uncommittedByTime = await _wire.ListOffsetAsync(Topic, now - 1000, readCommitted: false);
        var committedMax = await _wire.ListOffsetAsync(Topic, MaxTimestamp, readCommitted: true, version: 7);
        var uncommittedMax = await _wire.ListOffsetAsync(Topic, MaxTimestamp, readCommitted: false, version: 7);

        Assert.Equal((-1L, -1L), (committedByTime.Offset, committedByTime.Timestamp));
        Assert.Equal((1L, now), (uncommittedByTime.Offset, uncommittedByTime.Timestamp));
        Assert.Equal(-1, committedMax.Offset);
        Assert.Equal((1L, now), (uncommittedMax.Offset, uncommittedMax.Timestamp));
    }
}
