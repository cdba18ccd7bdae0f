// FindCoordinator (key 10), versions 0-6.
// Groups (key type 0): the first request creates __consumer_offsets (offsets.topic.num.partitions),
// as Kafka does, and this broker, which leads every partition, is the coordinator; a partition still
// loading answers COORDINATOR_LOAD_IN_PROGRESS. v4+ batches keys, each with its own error.
// Transactional ids (key type 1, v1+): the first request creates __transaction_state
// (transaction.state.log.num.partitions) and this broker coordinates every id; as Kafka, the answer does not
// wait for the id's partition to load (its requests get COORDINATOR_LOAD_IN_PROGRESS meanwhile). Any other key
// type gets INVALID_REQUEST.
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Handlers;

public sealed class FindCoordinatorHandler : ApiHandler<FindCoordinatorRequest, FindCoordinatorResponse>
{
    private const sbyte GroupKeyType = 0;
    private const sbyte TransactionKeyType = 1;

    public override short ApiKey => FindCoordinatorRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 6;

    protected override ValueTask<FindCoordinatorResponse?> HandleAsync(RequestContext context, FindCoordinatorRequest request, CancellationToken cancellationToken)
    {
        var response = new FindCoordinatorResponse();
        var keys = context.ApiVersion >= 4 ? request.CoordinatorKeys : [request.Key];
        foreach (string key in keys)
        {
            var (error, message) = Find(context.Broker, request.KeyType, key);
            bool found = error == ErrorCode.None;
            var endpoint = context.Broker.Options.AdvertisedEndpoint;
            response.Coordinators.Add(new FindCoordinatorResponse.Coordinator
            {
                Key = key,
                NodeId = found ? context.Broker.Options.NodeId : -1,
                Host = found ? endpoint.Host : "",
                Port = found ? endpoint.Port : -1,
                ErrorCode = (short)error,
                ErrorMessage = found ? null : message,
            });
        }
        if (context.ApiVersion < 4)
        {
            var only = response.Coordinators[0];
            response.ErrorCode = only.ErrorCode;
            response.ErrorMessage = only.ErrorMessage;
            response.NodeId = only.NodeId;
            response.Host = only.Host;
            response.Port = only.Port;
            response.Coordinators.Clear();
        }
        return ValueTask.FromResult<FindCoordinatorResponse?>(response);
    }

    private static (ErrorCode Error, string? Message) Find(KafkaBroker broker, sbyte keyType, string key)
    {
        switch (keyType)
        {
            case GroupKeyType:
                var error = broker.Groups.EnsureCoordinator(key);
                return (error, error == ErrorCode.None ? null : "The coordinator is not available.");
            case TransactionKeyType:
                var transactionError = broker.Transactions.EnsureCoordinator(key);
                return (transactionError, transactionError == ErrorCode.None ? null : "The coordinator is not available.");
            default:
                return (ErrorCode.InvalidRequest, $"Unknown coordinator type {keyType}.");
        }
    }
}
