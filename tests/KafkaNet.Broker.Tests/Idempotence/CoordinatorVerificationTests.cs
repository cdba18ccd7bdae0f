using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using static KafkaNet.Broker.Tests.Idempotence.ProducerBatches;

namespace KafkaNet.Broker.Tests.Idempotence;

/// <summary>
/// A transactional producer on the wire, as librdkafka drives one, against the broker's own transaction coordinator: a
/// batch for a partition not added to the transaction is refused and writes nothing; once added, it is appended.
/// </summary>
public sealed class CoordinatorVerificationTests : IAsyncLifetime
{
    private const string Topic = "coordinated";
    private const string TransactionalId = "coordinated-copier";
    private TransactionalWire _wire = null!;

    public async Task InitializeAsync() => _wire = await TransactionalWire.StartAsync(null, (Topic, 2));

    public async Task DisposeAsync() => await _wire.DisposeAsync();

    [Fact]
    public async Task Transactional_batch_for_a_partition_outside_the_transaction_is_INVALID_TXN_STATE_until_it_is_added()
    {
        var (producerId, epoch) = await InitProducerIdAsync();

        var refused = await _wire.ProduceOneAsync(Request(Topic, 0, Batch(producerId, epoch, 0, transactional: true), transactionalId: TransactionalId));

        Assert.Equal(ErrorCode.InvalidTxnState, (ErrorCode)refused.ErrorCode);
        Assert.Equal(0, _wire.Log(Topic).LogEndOffset);

        var added = await _wire.Session.SendAsync<AddPartitionsToTxnResponse>(AddPartitionsToTxnRequest.ApiKey, 3, new AddPartitionsToTxnRequest
        {
            V3AndBelowTransactionalId = TransactionalId,
            V3AndBelowProducerId = producerId,
            V3AndBelowProducerEpoch = epoch,
            V3AndBelowTopics = [new() { Name = Topic, Partitions = [0] }],
        }, flexible: true);
        Assert.All(added.ResultsByTopicV3AndBelow.SelectMany(t => t.ResultsByPartition), p => Assert.Equal(0, p.PartitionErrorCode));

        var appended = await _wire.ProduceOneAsync(Request(Topic, 0, Batch(producerId, epoch, 0, transactional: true), transactionalId: TransactionalId));
        Assert.Equal((0, 0L), (appended.ErrorCode, appended.BaseOffset));
        var other = await _wire.ProduceOneAsync(Request(Topic, 1, Batch(producerId, epoch, 0, transactional: true), transactionalId: TransactionalId));
        Assert.Equal(ErrorCode.InvalidTxnState, (ErrorCode)other.ErrorCode);
    }

    /// <summary>FindCoordinator, then InitProducerId, each retried while the coordinator loads (bounded).</summary>
    private async Task<(long ProducerId, short Epoch)> InitProducerIdAsync()
    {
        for (int attempt = 0; attempt < 100; attempt++)
        {
            var coordinator = await _wire.Session.SendAsync<FindCoordinatorResponse>(FindCoordinatorRequest.ApiKey, 3,
                new FindCoordinatorRequest { Key = TransactionalId, KeyType = 1 }, flexible: true);
            if (coordinator.ErrorCode == 0)
            {
                var init = await _wire.Session.SendAsync<InitProducerIdResponse>(InitProducerIdRequest.ApiKey, 1,
                    new InitProducerIdRequest { TransactionalId = TransactionalId, TransactionTimeoutMs = 60_000 }, flexible: false);
                if (init.ErrorCode == 0)
                {
                    return (init.ProducerId, init.ProducerEpoch);
                }
            }
            await Task.Delay(100);
        }
        Assert.Fail("the transaction coordinator gave no producer id within 100 attempts");
        return default;
    }
}
