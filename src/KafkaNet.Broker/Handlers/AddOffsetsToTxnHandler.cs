// AddOffsetsToTxn (key 25), versions 0-4.
// Adds the partition of __consumer_offsets that coordinates the group to the producer's transaction, so the
// offsets the producer then commits with TxnOffsetCommit are committed or dropped with it. Errors as for
// AddPartitionsToTxn; below v2, PRODUCER_FENCED is reported as INVALID_PRODUCER_EPOCH.
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.Storage;

namespace KafkaNet.Broker.Handlers;

public sealed class AddOffsetsToTxnHandler : ApiHandler<AddOffsetsToTxnRequest, AddOffsetsToTxnResponse>
{
    public override short ApiKey => AddOffsetsToTxnRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 4;

    protected override async ValueTask<AddOffsetsToTxnResponse?> HandleAsync(RequestContext context, AddOffsetsToTxnRequest request, CancellationToken cancellationToken)
    {
        var broker = context.Broker;
        var offsetsPartition = new TopicPartition(TopicNames.ConsumerOffsets, broker.Groups.PartitionFor(request.GroupId));
        var error = await broker.Transactions.AddPartitionsAsync(request.TransactionalId, request.ProducerId, request.ProducerEpoch, [offsetsPartition])
            .ConfigureAwait(false);
        if (error == ErrorCode.ProducerFenced && context.ApiVersion < 2)
        {
            error = ErrorCode.InvalidProducerEpoch;
        }
        return new AddOffsetsToTxnResponse { ErrorCode = (short)error };
    }
}
