using KafkaNet.Broker;
using KafkaNet.Broker.Handlers;
using KafkaNet.Protocol;

namespace KafkaNet.Cluster.Tests.Network;

/// <summary>Holds every request of its API key until the gate opens or the connection ends.</summary>
internal sealed class GatedHandler(IApiHandler inner) : IApiHandler
{
    private readonly TaskCompletionSource gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int waiting;

    public short ApiKey => inner.ApiKey;

    public short LowestVersion => inner.LowestVersion;

    public short HighestVersion => inner.HighestVersion;

    public int Waiting => Volatile.Read(ref waiting);

    public void Open() => gate.TrySetResult();

    public async ValueTask<IKafkaMessage?> HandleAsync(RequestContext context, IKafkaMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref waiting);
        await gate.Task.WaitAsync(cancellationToken);
        return await inner.HandleAsync(context, request, cancellationToken);
    }
}
