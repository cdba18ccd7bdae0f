using KafkaNet.Broker.Handlers;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Clients;

/// <summary>
/// A test handler that advertises Fetch and answers with no records. librdkafka only writes v2
/// record batches when the broker advertises both Produce v3+ and Fetch v4+; without Fetch it
/// falls back to the old message-set formats.
/// </summary>
internal sealed class EmptyFetchHandler : ApiHandler<FetchRequest, FetchResponse>
{
    public override short ApiKey => FetchRequest.ApiKey;

    public override short LowestVersion => 4;

    public override short HighestVersion => 12;

    protected override ValueTask<FetchResponse?> HandleAsync(RequestContext context, FetchRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult<FetchResponse?>(new FetchResponse());
}
