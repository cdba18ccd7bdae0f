// EndTxn (key 26), versions 0-5.
// Commits or aborts the producer's transaction: answers once PrepareCommit/PrepareAbort is durable in
// __transaction_state; the markers follow in the background and the id answers CONCURRENT_TRANSACTIONS until
// they are all written. v5 means transaction version 2 (KIP-890): the epoch is bumped by every EndTxn and the
// answer carries the producer id and epoch of the next transaction. Below v2, PRODUCER_FENCED is reported as
// INVALID_PRODUCER_EPOCH. librdkafka sends v1, the Java client up to v4 (v5 once transaction.version 2 is
// finalized, which this broker does not advertise).
// Authorization: WRITE on the transactional id, else TRANSACTIONAL_ID_AUTHORIZATION_FAILED.
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Handlers;

public sealed class EndTxnHandler : ApiHandler<EndTxnRequest, EndTxnResponse>
{
    public override short ApiKey => EndTxnRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 5;

    protected override async ValueTask<EndTxnResponse?> HandleAsync(RequestContext context, EndTxnRequest request, CancellationToken cancellationToken)
    {
        if (!context.AllowsTransactionalId(AclOperation.Write, request.TransactionalId))
        {
            return new EndTxnResponse { ErrorCode = (short)ErrorCode.TransactionalIdAuthorizationFailed, ProducerId = -1, ProducerEpoch = -1 };
        }
        short clientTransactionVersion = context.ApiVersion > 4 ? (short)2 : (short)0;
        var result = await context.Broker.Transactions.EndTransactionAsync(request.TransactionalId, request.ProducerId, request.ProducerEpoch,
            request.Committed, clientTransactionVersion).ConfigureAwait(false);
        var error = result.Error == ErrorCode.ProducerFenced && context.ApiVersion < 2 ? ErrorCode.InvalidProducerEpoch : result.Error;
        return new EndTxnResponse { ErrorCode = (short)error, ProducerId = result.ProducerId, ProducerEpoch = result.ProducerEpoch };
    }
}
