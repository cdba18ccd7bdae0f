using KafkaNet.Storage.Producers;
using static KafkaNet.Storage.Tests.Producers.ProducerBatches;

namespace KafkaNet.Storage.Tests.Producers;

/// <summary>producer.id.expiration.ms: idle producers are forgotten, those with an open transaction never.</summary>
public class ProducerExpiryTests
{
    private const long Expiration = 60_000;

    [Fact]
    public async Task Idle_producer_is_forgotten_after_the_expiration_and_may_then_start_at_any_sequence()
    {
        using var dir = new TempDir();
        var time = new ManualTime();
        using var log = PartitionLog.Open(dir.Partition(), new LogConfig(), time: time);
        await log.AppendAsLeaderAsync(Make(1, 0, 0, records: 3, timestamp: time.NowMs), 0);

        time.Advance(TimeSpan.FromMilliseconds(Expiration - 1));
        Assert.Equal(0, log.RemoveExpiredProducers(Expiration));
        Assert.Single(log.ActiveProducers());

        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, log.RemoveExpiredProducers(Expiration));
        Assert.Empty(log.ActiveProducers());
        // Unknown again: as with Kafka it may go on at any sequence.
        LogAppendInfo next = await log.AppendAsLeaderAsync(Make(1, 0, 40, timestamp: time.NowMs), 0);
        Assert.Equal(3, next.FirstOffset);
        Assert.Equal(40, Assert.Single(log.ActiveProducers()).LastSequence);
    }

    [Fact]
    public async Task Producer_with_an_open_transaction_does_not_expire()
    {
        using var dir = new TempDir();
        var time = new ManualTime();
        using var log = PartitionLog.Open(dir.Partition(), new LogConfig(), time: time);
        await log.AppendAsLeaderAsync(Make(1, 0, 0, transactional: true, timestamp: time.NowMs), 0);
        await log.AppendAsLeaderAsync(Make(2, 0, 0, timestamp: time.NowMs), 0);

        time.Advance(TimeSpan.FromMilliseconds(Expiration * 3));
        Assert.Equal(1, log.RemoveExpiredProducers(Expiration));

        ProducerStateInfo open = Assert.Single(log.ActiveProducers());
        Assert.Equal((1L, 0L), (open.ProducerId, open.CurrentTxnStartOffset));
        Assert.Equal(0, log.LastStableOffset);
        await log.AppendEndTxnMarkerAsync(1, 0, 0, commit: true, leaderEpoch: 0);
        Assert.Equal(0, log.RemoveExpiredProducers(Expiration));
        time.Advance(TimeSpan.FromMilliseconds(Expiration));
        Assert.Equal(1, log.RemoveExpiredProducers(Expiration));
    }

    [Fact]
    public async Task Expiry_counts_from_the_timestamp_of_the_producers_last_batch_as_kafka_does()
    {
        using var dir = new TempDir();
        var time = new ManualTime();
        using var log = PartitionLog.Open(dir.Partition(), new LogConfig(), time: time);
        await log.AppendAsLeaderAsync(Make(1, 0, 0, timestamp: time.NowMs - Expiration), 0);
        await log.AppendAsLeaderAsync(Make(2, 0, 0, timestamp: time.NowMs - Expiration + 1), 0);

        Assert.Equal(1, log.RemoveExpiredProducers(Expiration));
        Assert.Equal(2, Assert.Single(log.ActiveProducers()).ProducerId);
    }
}
