// InitProducerId (key 22), versions 0-5.
// Without a transactional id: a new producer id at epoch 0 (idempotent producers). With one: the transaction
// coordinator bumps the id's epoch, fencing older producers, after aborting an ongoing transaction
// (CONCURRENT_TRANSACTIONS until that abort completes). v3+ may carry the producer id and epoch the producer
// last had (KIP-360); giving only one of them is INVALID_REQUEST. Below v4, PRODUCER_FENCED is reported as
// INVALID_PRODUCER_EPOCH, which older clients know. v5 is v4 again (a sign of transaction version 2).
// Authorization: with a transactional id, WRITE on it (TRANSACTIONAL_ID_AUTHORIZATION_FAILED); without, IDEMPOTENT_WRITE
// on the cluster or WRITE on some topic (CLUSTER_AUTHORIZATION_FAILED), as Kafka allows idempotent producers.
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Handlers;

public sealed class InitProducerIdHandler : ApiHandler<InitProducerIdRequest, InitProducerIdResponse>
{
    public override short ApiKey => InitProducerIdRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 5;

    protected override async ValueTask<InitProducerIdResponse?> HandleAsync(RequestContext context, InitProducerIdRequest request, CancellationToken cancellationToken)
    {
        var denied = request.TransactionalId is { } transactionalId
            ? (context.AllowsTransactionalId(AclOperation.Write, transactionalId) ? ErrorCode.None : ErrorCode.TransactionalIdAuthorizationFailed)
            : (context.AllowsIdempotentWrite() ? ErrorCode.None : ErrorCode.ClusterAuthorizationFailed);
        if (denied != ErrorCode.None)
        {
            return new InitProducerIdResponse { ErrorCode = (short)denied, ProducerId = -1, ProducerEpoch = -1 };
        }
        long producerId = context.ApiVersion >= 3 ? request.ProducerId : -1;
        short producerEpoch = context.ApiVersion >= 3 ? request.ProducerEpoch : (short)-1;
        if ((producerId == -1) != (producerEpoch == -1))
        {
            return new InitProducerIdResponse { ErrorCode = (short)ErrorCode.InvalidRequest, ProducerId = -1, ProducerEpoch = -1 };
        }
        var result = await context.Broker.Transactions.InitProducerIdAsync(request.TransactionalId, request.TransactionTimeoutMs, producerId, producerEpoch)
            .ConfigureAwait(false);
        var error = result.Error == ErrorCode.ProducerFenced && context.ApiVersion < 4 ? ErrorCode.InvalidProducerEpoch : result.Error;
        return new InitProducerIdResponse { ErrorCode = (short)error, ProducerId = result.ProducerId, ProducerEpoch = result.ProducerEpoch };
    }
}
