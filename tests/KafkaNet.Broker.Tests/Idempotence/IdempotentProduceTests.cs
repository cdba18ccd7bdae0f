using KafkaNet.Protocol;
using KafkaNet.Protocol.Records;
using static KafkaNet.Broker.Tests.Idempotence.ProducerBatches;

namespace KafkaNet.Broker.Tests.Idempotence;

/// <summary>
/// Idempotent and transactional batches over a real socket, hand-built: the request-level rules, the client-side
/// checks on each batch, and the producer state's deduplication and refusals with Kafka's codes.
/// </summary>
public sealed class IdempotentProduceTests : IAsyncLifetime
{
    private const string Topic = "idempotent";
    private const string Other = "idempotent-other";
    private const long ProducerId = 4000;
    private TransactionalWire _wire = null!;

    public async Task InitializeAsync() => _wire = await TransactionalWire.StartAsync(null, (Topic, 2), (Other, 1));

    public async Task DisposeAsync() => await _wire.DisposeAsync();

    [Fact]
    public async Task Consecutive_batches_of_an_idempotent_producer_are_appended_in_order()
    {
        var first = await _wire.ProduceOneAsync(Request(Topic, 0, Batch(ProducerId, 0, baseSequence: 0, count: 3)));
        var second = await _wire.ProduceOneAsync(Request(Topic, 0, Batch(ProducerId, 0, baseSequence: 3, count: 2)));

        Assert.Equal((0, 0L), (first.ErrorCode, first.BaseOffset));
        Assert.Equal((0, 3L), (second.ErrorCode, second.BaseOffset));
        Assert.Equal(5, _wire.Log(Topic).LogEndOffset);
    }

    [Fact]
    public async Task Idempotent_batch_with_acks_1_is_appended_as_Kafka_does()
    {
        // Kafka leaves acks=all to the producers' own config checks; the broker appends whatever acks asks.
        var response = await _wire.ProduceOneAsync(Request(Topic, 0, Batch(ProducerId, 0, baseSequence: 0), acks: 1));

        Assert.Equal((0, 0L), (response.ErrorCode, response.BaseOffset));
        Assert.Equal(1, _wire.Log(Topic).LogEndOffset);
    }

    [Fact]
    public async Task Idempotent_batch_with_acks_0_is_appended_and_the_connection_stays_open()
    {
        using var connection = await Network.RawKafkaConnection.ConnectAsync(_wire.Kafka.Port);
        await connection.SendRequestAsync(Protocol.Messages.ProduceRequest.ApiKey, 9, 1, Request(Topic, 0, Batch(ProducerId, 0, baseSequence: 0), acks: 0), flexibleHeader: true);
        await connection.SendRequestAsync(Protocol.Messages.ApiVersionsRequest.ApiKey, 0, 2, new Protocol.Messages.ApiVersionsRequest(), flexibleHeader: false);

        byte[]? next = await connection.ReceiveFrameAsync();

        Assert.NotNull(next); // the first response on the connection is the ApiVersions one: the produce had none
        Assert.Equal(2, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(next));
        Assert.Equal(1, _wire.Log(Topic).LogEndOffset);
    }

    [Fact]
    public async Task Control_batch_from_a_client_is_INVALID_RECORD_and_writes_nothing()
    {
        var response = await _wire.ProduceOneAsync(Request(Topic, 0, Batch(ProducerId, 0, baseSequence: 0, control: true)));

        Assert.Equal(ErrorCode.InvalidRecord, (ErrorCode)response.ErrorCode);
        Assert.Equal(-1, response.BaseOffset);
        Assert.Equal(0, _wire.Log(Topic).LogEndOffset);
        await _wire.Session.AssertUsableAsync();
    }

    [Fact]
    public async Task Producer_id_without_a_base_sequence_is_INVALID_RECORD()
    {
        var response = await _wire.ProduceOneAsync(Request(Topic, 0, Batch(ProducerId, 0, baseSequence: RecordBatchHeader.NoSequence)));

        Assert.Equal(ErrorCode.InvalidRecord, (ErrorCode)response.ErrorCode);
        Assert.Equal(0, _wire.Log(Topic).LogEndOffset);
    }

    [Fact]
    public async Task Transactional_batch_without_a_transactional_id_fails_every_partition_of_the_request()
    {
        var request = Request(-1, transactionalId: null,
            (Topic, 0, Plain()),
            (Topic, 1, Batch(ProducerId, 0, baseSequence: 0, transactional: true)),
            (Other, 0, Plain()));

        var response = await _wire.ProduceAsync(request);

        var partitions = response.Responses.SelectMany(t => t.PartitionResponses).ToList();
        Assert.Equal(3, partitions.Count);
        Assert.All(partitions, p => Assert.Equal((ErrorCode.TransactionalIdAuthorizationFailed, -1L), ((ErrorCode)p.ErrorCode, p.BaseOffset)));
        Assert.Equal((0L, 0L, 0L), (_wire.Log(Topic, 0).LogEndOffset, _wire.Log(Topic, 1).LogEndOffset, _wire.Log(Other).LogEndOffset));
        await _wire.Session.AssertUsableAsync();
    }

    [Fact]
    public async Task Transactional_batch_without_a_transactional_id_and_acks_0_closes_the_connection()
    {
        var request = Request(Topic, 0, Batch(ProducerId, 0, baseSequence: 0, transactional: true), acks: 0);

        using var connection = await Network.RawKafkaConnection.ConnectAsync(_wire.Kafka.Port);
        await connection.SendRequestAsync(Protocol.Messages.ProduceRequest.ApiKey, 9, 1, request, flexibleHeader: true);

        Assert.True(await connection.IsClosedByBrokerAsync());
        Assert.Equal(0, _wire.Log(Topic).LogEndOffset);
    }

    [Fact]
    public async Task Transactional_batches_of_two_producers_in_one_request_are_INVALID_PRODUCER_ID_MAPPING()
    {
        var request = Request(-1, "txn",
            (Topic, 0, Batch(ProducerId, 0, baseSequence: 0, transactional: true)),
            (Topic, 1, Batch(ProducerId + 1, 0, baseSequence: 0, transactional: true)));

        var response = await _wire.ProduceAsync(request);

        Assert.All(response.Responses.SelectMany(t => t.PartitionResponses), p => Assert.Equal(ErrorCode.InvalidProducerIdMapping, (ErrorCode)p.ErrorCode));
        Assert.Equal((0L, 0L), (_wire.Log(Topic, 0).LogEndOffset, _wire.Log(Topic, 1).LogEndOffset));
    }

    // The producer state's checks: these need the partition's producer state.

    [Fact]
    public async Task Retried_batch_answers_its_original_offset_and_writes_nothing()
    {
        long timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 1000;
        byte[] first = Batch(ProducerId, 0, baseSequence: 0, count: 2, timestamp: timestamp);
        await _wire.ProduceOneAsync(Request(Topic, 0, first));
        await _wire.ProduceOneAsync(Request(Topic, 0, Batch(ProducerId, 0, baseSequence: 2, count: 3)));

        var retry = await _wire.ProduceOneAsync(Request(Topic, 0, first));

        Assert.Equal((0, 0L), (retry.ErrorCode, retry.BaseOffset));
        Assert.Equal(timestamp, retry.LogAppendTimeMs); // Kafka reports the kept batch's max timestamp
        Assert.Equal(0, retry.LogStartOffset);
        Assert.Equal(5, _wire.Log(Topic).LogEndOffset);
    }

    [Fact]
    public async Task Sequence_gap_is_OUT_OF_ORDER_SEQUENCE_NUMBER_and_writes_nothing()
    {
        await _wire.ProduceOneAsync(Request(Topic, 0, Batch(ProducerId, 0, baseSequence: 0, count: 2)));

        var gap = await _wire.ProduceOneAsync(Request(Topic, 0, Batch(ProducerId, 0, baseSequence: 5)));

        Assert.Equal(ErrorCode.OutOfOrderSequenceNumber, (ErrorCode)gap.ErrorCode);
        Assert.Equal(-1, gap.BaseOffset);
        Assert.Equal(2, _wire.Log(Topic).LogEndOffset);
        var next = await _wire.ProduceOneAsync(Request(Topic, 0, Batch(ProducerId, 0, baseSequence: 2)));
        Assert.Equal((0, 2L), (next.ErrorCode, next.BaseOffset));
    }

    [Fact]
    public async Task Stale_epoch_is_INVALID_PRODUCER_EPOCH_and_writes_nothing()
    {
        await _wire.ProduceOneAsync(Request(Topic, 0, Batch(ProducerId, 3, baseSequence: 0)));

        var stale = await _wire.ProduceOneAsync(Request(Topic, 0, Batch(ProducerId, 2, baseSequence: 1)));

        Assert.Equal(ErrorCode.InvalidProducerEpoch, (ErrorCode)stale.ErrorCode);
        Assert.Equal(1, _wire.Log(Topic).LogEndOffset);
    }

    [Fact]
    public async Task Sequences_are_kept_per_partition()
    {
        var zero = await _wire.ProduceOneAsync(Request(Topic, 0, Batch(ProducerId, 0, baseSequence: 0)));
        var one = await _wire.ProduceOneAsync(Request(Topic, 1, Batch(ProducerId, 0, baseSequence: 0)));
        var duplicateOnOne = await _wire.ProduceOneAsync(Request(Topic, 1, Batch(ProducerId, 0, baseSequence: 0)));

        Assert.Equal((0, 0, 0), (zero.ErrorCode, one.ErrorCode, duplicateOnOne.ErrorCode));
        Assert.Equal((1L, 1L), (_wire.Log(Topic, 0).LogEndOffset, _wire.Log(Topic, 1).LogEndOffset));
    }
}
