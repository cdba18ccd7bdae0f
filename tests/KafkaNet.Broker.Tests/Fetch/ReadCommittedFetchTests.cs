using System.Diagnostics;
using KafkaNet.Broker.Tests.Idempotence;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.Protocol.Records;
using static KafkaNet.Broker.Tests.Idempotence.ProducerBatches;

namespace KafkaNet.Broker.Tests.Fetch;

/// <summary>
/// Fetch with isolation levels over a real socket: the last stable offset in every partition, read_committed reads
/// stopping there, the aborted transactions of what was read, null and empty lists as Kafka encodes them, and long
/// polls woken by transaction markers.
/// </summary>
public sealed class ReadCommittedFetchTests : IAsyncLifetime
{
    private const string Topic = "isolated";
    private const long ProducerA = 9000;
    private const long ProducerB = 9001;
    private TransactionalWire _wire = null!;

    public async Task InitializeAsync() => _wire = await TransactionalWire.StartAsync(TransactionalWire.Unverified(), (Topic, 1));

    public async Task DisposeAsync() => await _wire.DisposeAsync();

    [Theory]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(18)]
    public async Task Read_committed_partition_carries_the_last_stable_offset_and_an_empty_aborted_list(short version)
    {
        await ProducePlainAsync(3);

        var partition = await _wire.FetchAsync(Topic, 0, readCommitted: true, version);

        Assert.Equal(0, partition.ErrorCode);
        Assert.Equal((3L, 3L), (partition.HighWatermark, partition.LastStableOffset));
        Assert.NotNull(partition.AbortedTransactions);
        Assert.Empty(partition.AbortedTransactions);
        Assert.Equal([(0L, 2L)], Batches(partition).Select(b => (b.BaseOffset, b.LastOffset)));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(12)]
    public async Task Read_uncommitted_partition_carries_the_last_stable_offset_and_a_null_aborted_list(short version)
    {
        await ProducePlainAsync(2);

        var partition = await _wire.FetchAsync(Topic, 0, readCommitted: false, version);

        Assert.Equal((2L, 2L), (partition.HighWatermark, partition.LastStableOffset));
        Assert.Null(partition.AbortedTransactions);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Unknown_partition_has_no_offsets_and_an_empty_aborted_list_whatever_the_isolation(bool readCommitted)
    {
        var partition = await _wire.FetchAsync(Topic, 0, readCommitted, partition: 5);

        Assert.Equal(ErrorCode.UnknownTopicOrPartition, (ErrorCode)partition.ErrorCode);
        Assert.Equal((-1L, -1L), (partition.HighWatermark, partition.LastStableOffset));
        Assert.NotNull(partition.AbortedTransactions);
        Assert.Empty(partition.AbortedTransactions);
    }

    [Fact]
    public async Task Read_committed_fetch_out_of_range_has_a_null_aborted_list()
    {
        await ProducePlainAsync(1);

        var partition = await _wire.FetchAsync(Topic, 10, readCommitted: true);

        Assert.Equal(ErrorCode.OffsetOutOfRange, (ErrorCode)partition.ErrorCode);
        Assert.Null(partition.AbortedTransactions);
    }

    [Fact]
    public async Task Read_committed_long_poll_wakes_on_a_committed_append()
    {
        var clock = Stopwatch.StartNew();
        var fetch = _wire.FetchAsync(Topic, 0, readCommitted: true, maxWaitMs: 10_000, minBytes: 1);
        await Task.Delay(200);
        Assert.False(fetch.IsCompleted);

        await _wire.Log(Topic).AppendAsLeaderAsync(Plain(), 0);
        _wire.Kafka.Broker.Replicas!.NotifyAppended(Topic, 0);

        var partition = await fetch.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(1, partition.LastStableOffset);
        Assert.Single(Batches(partition));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5));
    }

    // What follows needs the partitions' producer state: open transactions, markers and the aborted index.

    [Fact]
    public async Task Read_committed_fetch_stops_at_the_first_open_transaction()
    {
        await ProducePlainAsync(2);
        await ProduceTransactionalAsync(ProducerA, 0, count: 2);
        await ProducePlainAsync(1);

        var committed = await _wire.FetchAsync(Topic, 0, readCommitted: true);
        var uncommitted = await _wire.FetchAsync(Topic, 0, readCommitted: false);

        Assert.Equal((5L, 2L), (committed.HighWatermark, committed.LastStableOffset));
        Assert.Equal([(0L, 1L)], Batches(committed).Select(b => (b.BaseOffset, b.LastOffset)));
        Assert.Equal((5L, 2L), (uncommitted.HighWatermark, uncommitted.LastStableOffset));
        Assert.Equal(3, Batches(uncommitted).Count);
        var atStable = await _wire.FetchAsync(Topic, 2, readCommitted: true);
        Assert.Equal(0, atStable.ErrorCode);
        Assert.Empty(Batches(atStable));
    }

    [Fact]
    public async Task Aborted_transaction_is_listed_for_read_committed_readers_only()
    {
        await ProduceTransactionalAsync(ProducerA, 0, count: 2);
        await _wire.EndTransactionAsync(Topic, ProducerA, 0, commit: false);
        await ProducePlainAsync(1);

        var committed = await _wire.FetchAsync(Topic, 0, readCommitted: true);
        var uncommitted = await _wire.FetchAsync(Topic, 0, readCommitted: false);

        Assert.Equal((4L, 4L), (committed.HighWatermark, committed.LastStableOffset));
        Assert.Equal([(ProducerA, 0L)], committed.AbortedTransactions!.Select(a => (a.ProducerId, a.FirstOffset)));
        Assert.Equal(3, Batches(committed).Count); // the aborted data, its marker and the plain record: the reader drops the aborted
        Assert.Null(uncommitted.AbortedTransactions);
    }

    [Fact]
    public async Task Fetch_starting_inside_an_aborted_transaction_still_lists_it()
    {
        await ProduceTransactionalAsync(ProducerA, 0, count: 1);
        await ProduceTransactionalAsync(ProducerA, 1, count: 1);
        await _wire.EndTransactionAsync(Topic, ProducerA, 0, commit: false);

        var partition = await _wire.FetchAsync(Topic, 1, readCommitted: true);

        Assert.Equal([(ProducerA, 0L)], partition.AbortedTransactions!.Select(a => (a.ProducerId, a.FirstOffset)));
        Assert.Equal(1, Batches(partition)[0].BaseOffset);
    }

    [Fact]
    public async Task Interleaved_transactions_list_only_the_aborted_one_and_a_committed_one_is_visible()
    {
        await ProduceTransactionalAsync(ProducerA, 0, count: 1);
        await ProduceTransactionalAsync(ProducerB, 0, count: 1);
        await ProduceTransactionalAsync(ProducerA, 1, count: 1);
        await _wire.EndTransactionAsync(Topic, ProducerA, 0, commit: false);
        var whileBOpen = await _wire.FetchAsync(Topic, 0, readCommitted: true);
        await _wire.EndTransactionAsync(Topic, ProducerB, 0, commit: true);

        var partition = await _wire.FetchAsync(Topic, 0, readCommitted: true);

        Assert.Equal(1, whileBOpen.LastStableOffset); // B's open transaction starts at 1
        Assert.Equal((5L, 5L), (partition.HighWatermark, partition.LastStableOffset));
        Assert.Equal([(ProducerA, 0L)], partition.AbortedTransactions!.Select(a => (a.ProducerId, a.FirstOffset)));
        Assert.Equal(5, Batches(partition).Count);
    }

    [Fact]
    public async Task Read_committed_long_poll_waits_for_the_marker_not_for_more_open_transaction_data()
    {
        await ProduceTransactionalAsync(ProducerA, 0, count: 1);
        var fetch = _wire.FetchAsync(Topic, 0, readCommitted: true, maxWaitMs: 10_000, minBytes: 1);
        await Task.Delay(200);

        await ProduceTransactionalOnLogAsync(ProducerA, 1);
        await Task.Delay(300);
        Assert.False(fetch.IsCompleted, "data of an open transaction answered a read_committed long poll");

        var clock = Stopwatch.StartNew();
        await _wire.EndTransactionAsync(Topic, ProducerA, 0, commit: true);
        var partition = await fetch.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5));
        Assert.Equal(3, partition.LastStableOffset);
        Assert.Empty(partition.AbortedTransactions!);
        Assert.Equal(3, Batches(partition).Count);
    }

    private async Task ProducePlainAsync(int count)
    {
        var response = await _wire.ProduceOneAsync(Request(Topic, 0, Plain(count)));
        TransactionalWire.AssertNoError(response.ErrorCode);
    }

    private async Task ProduceTransactionalAsync(long producerId, int sequence, int count)
    {
        var response = await _wire.ProduceOneAsync(Request(Topic, 0, Batch(producerId, 0, sequence, count, transactional: true), transactionalId: $"txn-{producerId}"));
        TransactionalWire.AssertNoError(response.ErrorCode);
    }

    /// <summary>On another connection: this test's own one is busy with the waiting fetch.</summary>
    private async Task ProduceTransactionalOnLogAsync(long producerId, int sequence)
    {
        await using var other = await _wire.OpenAnotherAsync();
        var response = await other.ProduceOneAsync(Request(Topic, 0, Batch(producerId, 0, sequence, 1, transactional: true), transactionalId: $"txn-{producerId}"));
        TransactionalWire.AssertNoError(response.ErrorCode);
    }

    /// <summary>The headers of the batches a partition returned.</summary>
    internal static List<RecordBatchHeader> Batches(FetchResponse.PartitionData partition)
    {
        var batches = new List<RecordBatchHeader>();
        var bytes = partition.Records!.Value;
        for (int i = 0; i < 10_000 && RecordBatchHeader.TryRead(bytes.Span, out var header); i++)
        {
            batches.Add(header);
            bytes = bytes[(int)header.TotalSize..];
        }
        return batches;
    }
}
