// DescribeTransactions (key 65), version 0.
// The state of each transactional id this broker coordinates: state name, timeout, start time, producer id
// and epoch, and the partitions of its transaction. Per id: TRANSACTIONAL_ID_NOT_FOUND for an unknown one,
// INVALID_REQUEST for an empty one, COORDINATOR_LOAD_IN_PROGRESS while its partition loads, NOT_COORDINATOR
// before __transaction_state exists.
// Authorization: DESCRIBE on each transactional id, else TRANSACTIONAL_ID_AUTHORIZATION_FAILED; the partitions of
// topics the principal may not describe are left out.
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using static KafkaNet.Protocol.Messages.DescribeTransactionsResponse;

namespace KafkaNet.Broker.Handlers;

public sealed class DescribeTransactionsHandler : ApiHandler<DescribeTransactionsRequest, DescribeTransactionsResponse>
{
    public override short ApiKey => DescribeTransactionsRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 0;

    protected override ValueTask<DescribeTransactionsResponse?> HandleAsync(RequestContext context, DescribeTransactionsRequest request, CancellationToken cancellationToken)
    {
        var response = new DescribeTransactionsResponse();
        foreach (string transactionalId in request.TransactionalIds)
        {
            if (!context.AllowsTransactionalId(AclOperation.Describe, transactionalId))
            {
                response.TransactionStates.Add(new TransactionStateData { ErrorCode = (short)ErrorCode.TransactionalIdAuthorizationFailed, TransactionalId = transactionalId });
                continue;
            }
            var description = context.Broker.Transactions.Describe(transactionalId);
            var state = new TransactionStateData { ErrorCode = (short)description.Error, TransactionalId = transactionalId };
            if (description.Error == ErrorCode.None)
            {
                state.TransactionState = description.State;
                state.TransactionTimeoutMs = description.TimeoutMs;
                state.TransactionStartTimeMs = description.StartTimeMs;
                state.ProducerId = description.ProducerId;
                state.ProducerEpoch = description.ProducerEpoch;
                state.Topics = description.Partitions.Where(p => context.AllowsTopic(AclOperation.Describe, p.Topic, audit: false))
                    .GroupBy(p => p.Topic, StringComparer.Ordinal)
                    .Select(g => new TopicData { Topic = g.Key, Partitions = g.Select(p => p.Partition).ToList() })
                    .ToList();
            }
            response.TransactionStates.Add(state);
        }
        return ValueTask.FromResult<DescribeTransactionsResponse?>(response);
    }
}
