using System.Collections.Concurrent;
using KafkaNet.Broker.Handlers;
using KafkaNet.Protocol;
using static KafkaNet.Broker.Tests.Idempotence.ProducerBatches;

namespace KafkaNet.Broker.Tests.Idempotence;

/// <summary>
/// A transactional batch is verified with the transaction coordinator before it is appended: the verification is
/// given the request's transactional id and the batch's producer, and its refusals reach the producer as Kafka
/// translates them, with nothing written.
/// </summary>
public sealed class TransactionVerificationTests : IAsyncLifetime
{
    private const string Topic = "verified";
    private const long ProducerId = 7000;
    private readonly ConcurrentQueue<(string? TransactionalId, long ProducerId, short Epoch, string Topic, int Partition)> _calls = new();
    private ErrorCode _verdict;
    private TransactionalWire _wire = null!;

    public async Task InitializeAsync()
    {
        var produce = new ProduceHandler((_, transactionalId, producerId, epoch, topic, partition, _) =>
        {
            _calls.Enqueue((transactionalId, producerId, epoch, topic, partition));
            return ValueTask.FromResult(_verdict);
        });
        _wire = await TransactionalWire.StartAsync(produce, (Topic, 2));
    }

    public async Task DisposeAsync() => await _wire.DisposeAsync();

    [Fact]
    public async Task Transactional_batch_is_verified_with_the_request_transactional_id_and_its_producer()
    {
        var response = await _wire.ProduceOneAsync(Request(Topic, 1, Batch(ProducerId, 3, baseSequence: 0, transactional: true), transactionalId: "copier"));

        Assert.Equal((0, 0L), (response.ErrorCode, response.BaseOffset));
        Assert.Equal([("copier", ProducerId, (short)3, Topic, 1)], _calls.ToArray());
    }

    [Fact]
    public async Task Idempotent_and_plain_batches_are_not_verified()
    {
        await _wire.ProduceOneAsync(Request(Topic, 0, Batch(ProducerId, 0, baseSequence: 0)));
        await _wire.ProduceOneAsync(Request(Topic, 0, Plain(), transactionalId: "copier"));

        Assert.Empty(_calls);
        Assert.Equal(2, _wire.Log(Topic).LogEndOffset);
    }

    [Theory]
    [InlineData(ErrorCode.InvalidTxnState, 9, ErrorCode.InvalidTxnState)]
    [InlineData(ErrorCode.ProducerFenced, 9, ErrorCode.InvalidProducerEpoch)]
    [InlineData(ErrorCode.InvalidProducerEpoch, 9, ErrorCode.InvalidProducerEpoch)]
    [InlineData(ErrorCode.ConcurrentTransactions, 9, ErrorCode.NotEnoughReplicas)]
    [InlineData(ErrorCode.CoordinatorLoadInProgress, 11, ErrorCode.NotEnoughReplicas)]
    [InlineData(ErrorCode.NotCoordinator, 11, ErrorCode.NotEnoughReplicas)]
    [InlineData(ErrorCode.TransactionAbortable, 10, ErrorCode.InvalidTxnState)]
    [InlineData(ErrorCode.TransactionAbortable, 11, ErrorCode.TransactionAbortable)]
    public async Task Refused_verification_reaches_the_producer_as_Kafka_translates_it_and_writes_nothing(ErrorCode verdict, short version, ErrorCode expected)
    {
        _verdict = verdict;

        var response = await _wire.ProduceOneAsync(Request(Topic, 0, Batch(ProducerId, 0, baseSequence: 0, transactional: true), transactionalId: "copier"), version);

        Assert.Equal(expected, (ErrorCode)response.ErrorCode);
        Assert.Equal((-1L, -1L), (response.BaseOffset, response.LogStartOffset));
        Assert.Equal(0, _wire.Log(Topic).LogEndOffset);
    }

    [Fact]
    public async Task A_refused_partition_leaves_the_other_partitions_of_the_request_appended()
    {
        _verdict = ErrorCode.InvalidTxnState;
        var request = Request(-1, "copier", (Topic, 0, Batch(ProducerId, 0, baseSequence: 0, transactional: true)), (Topic, 1, Plain()));

        var response = await _wire.ProduceAsync(request);

        var partitions = Assert.Single(response.Responses).PartitionResponses;
        Assert.Equal(ErrorCode.InvalidTxnState, (ErrorCode)partitions.Single(p => p.Index == 0).ErrorCode);
        Assert.Equal(ErrorCode.None, (ErrorCode)partitions.Single(p => p.Index == 1).ErrorCode);
        Assert.Equal((0L, 1L), (_wire.Log(Topic, 0).LogEndOffset, _wire.Log(Topic, 1).LogEndOffset));
    }
}
