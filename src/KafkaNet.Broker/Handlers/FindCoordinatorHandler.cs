// FindCoordinator (key 10), versions 0-6.
// There is no group or transaction coordinator yet, so every key gets COORDINATOR_NOT_AVAILABLE
// (per key from v4), which clients treat as "retry later". Served all the same because librdkafka
// decides from the advertised APIs whether a broker can read LZ4 frames: without FindCoordinator
// it silently sends batches uncompressed when asked for lz4.
// Deviation: group consumers retry until the coordinator arrives with consumer groups.
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Handlers;

public sealed class FindCoordinatorHandler : ApiHandler<FindCoordinatorRequest, FindCoordinatorResponse>
{
    private const string Message = "no coordinator runs on this broker yet";

    public override short ApiKey => FindCoordinatorRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 6;

    protected override ValueTask<FindCoordinatorResponse?> HandleAsync(RequestContext context, FindCoordinatorRequest request, CancellationToken cancellationToken)
    {
        var response = new FindCoordinatorResponse
        {
            ErrorCode = (short)ErrorCode.CoordinatorNotAvailable,
            ErrorMessage = Message,
            NodeId = -1,
            Host = "",
            Port = -1,
        };
        foreach (string key in request.CoordinatorKeys)
        {
            response.Coordinators.Add(new FindCoordinatorResponse.Coordinator
            {
                Key = key,
                NodeId = -1,
                Host = "",
                Port = -1,
                ErrorCode = (short)ErrorCode.CoordinatorNotAvailable,
                ErrorMessage = Message,
            });
        }
        return ValueTask.FromResult<FindCoordinatorResponse?>(response);
    }
}
