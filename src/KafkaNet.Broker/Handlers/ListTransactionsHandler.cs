// ListTransactions (key 66), versions 0-2.
// The transactional ids this broker coordinates, filtered by state names (unknown names are echoed in
// UnknownStateFilters), producer ids, v1 duration (running longer than it) and v2 transactional id pattern
// (RE2, whole id; INVALID_REGULAR_EXPRESSION when it does not compile). COORDINATOR_LOAD_IN_PROGRESS while
// any partition of __transaction_state loads.
// Authorization: only the transactional ids the principal may describe are listed.
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Protocol.Messages;
using static KafkaNet.Protocol.Messages.ListTransactionsResponse;

namespace KafkaNet.Broker.Handlers;

public sealed class ListTransactionsHandler : ApiHandler<ListTransactionsRequest, ListTransactionsResponse>
{
    public override short ApiKey => ListTransactionsRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 2;

    protected override ValueTask<ListTransactionsResponse?> HandleAsync(RequestContext context, ListTransactionsRequest request, CancellationToken cancellationToken)
    {
        long duration = context.ApiVersion >= 1 ? request.DurationFilter : -1;
        string? pattern = context.ApiVersion >= 2 ? request.TransactionalIdPattern : null;
        var list = context.Broker.Transactions.List(request.StateFilters, request.ProducerIdFilters, duration, pattern);
        var response = new ListTransactionsResponse { ErrorCode = (short)list.Error, UnknownStateFilters = list.UnknownStateFilters.ToList() };
        foreach (var listing in list.Transactions)
        {
            if (!context.AllowsTransactionalId(AclOperation.Describe, listing.TransactionalId, audit: false))
            {
                continue;
            }
            response.TransactionStates.Add(new TransactionStateData
            {
                TransactionalId = listing.TransactionalId,
                ProducerId = listing.ProducerId,
                TransactionState = listing.State,
            });
        }
        return ValueTask.FromResult<ListTransactionsResponse?>(response);
    }
}
