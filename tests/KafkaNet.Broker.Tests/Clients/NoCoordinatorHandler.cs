using KafkaNet.Broker.Handlers;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Clients;

/// <summary>
/// A test handler that advertises FindCoordinator and always answers COORDINATOR_NOT_AVAILABLE.
/// librdkafka enables LZ4 only for brokers that advertise FindCoordinator (its marker for a
/// broker new enough to read LZ4 frames), so capturing an LZ4 batch needs it advertised.
/// </summary>
internal sealed class NoCoordinatorHandler(short highestVersion = 3) : ApiHandler<FindCoordinatorRequest, FindCoordinatorResponse>
{
    public override short ApiKey => FindCoordinatorRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => highestVersion;

    protected override ValueTask<FindCoordinatorResponse?> HandleAsync(RequestContext context, FindCoordinatorRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult<FindCoordinatorResponse?>(new FindCoordinatorResponse { ErrorCode = (short)ErrorCode.CoordinatorNotAvailable });
}
