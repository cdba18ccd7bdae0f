// AddOffsetsToTxn (key 25), versions 0-4.
// Adds the partition of __consumer_offsets that coordinates the group to the producer's transaction, so the
// offsets the producer then commits with TxnOffsetCommit are committed or dropped with it. Errors as for
// AddPartitionsToTxn; below v2, PRODUCER_FENCED is reported as INVALID_PRODUCER_EPOCH.
// Authorization: WRITE on the transactional id (TRANSACTIONAL_ID_AUTHORIZATION_FAILED), then READ on the group
// (GROUP_AUTHORIZATION_FAILED).
using KafkaNet.Broker.Security.Authorization;
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
        if (!context.AllowsTransactionalId(AclOperation.Write, request.TransactionalId))
        {
            return new AddOffsetsToTxnResponse { ErrorCode = (short)ErrorCode.TransactionalIdAuthorizationFailed };
        }
        if (!context.AllowsGroup(AclOperation.Read, request.GroupId))
        {
            return new AddOffsetsToTxnResponse { ErrorCode = (short)ErrorCode.GroupAuthorizationFailed };
        }
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
