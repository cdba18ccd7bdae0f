using System.Collections.Concurrent;
using KafkaNet.Broker.Handlers;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Network;

/// <summary>
/// A produce handler whose requests wait until the test releases them, each by the tag it carries
/// in TimeoutMs; the tag comes back as the base offset. It counts how many run at once.
/// </summary>
internal sealed class GatedProduceHandler : ApiHandler<ProduceRequest, ProduceResponse>
{
    private readonly ConcurrentDictionary<int, TaskCompletionSource> _gates = new();
    private int _started;
    private int _running;
    private int _maxRunning;

    public override short ApiKey => ProduceRequest.ApiKey;

    public override short LowestVersion => 3;

    public override short HighestVersion => 12;

    public int Started => Volatile.Read(ref _started);

    public int MaxRunning => Volatile.Read(ref _maxRunning);

    public void Release(int tag) => Gate(tag).TrySetResult();

    protected override async ValueTask<ProduceResponse?> HandleAsync(RequestContext context, ProduceRequest request, CancellationToken cancellationToken)
    {
        int tag = request.TimeoutMs;
        Interlocked.Increment(ref _started);
        int running = Interlocked.Increment(ref _running);
        int max;
        while (running > (max = Volatile.Read(ref _maxRunning)) && Interlocked.CompareExchange(ref _maxRunning, running, max) != max)
        {
        }
        try
        {
            await Gate(tag).Task.WaitAsync(cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
        var partition = new ProduceResponse.PartitionProduceResponse { Index = 0, BaseOffset = tag };
        return new ProduceResponse { Responses = [new() { Name = "gated", PartitionResponses = [partition] }] };
    }

    private TaskCompletionSource Gate(int tag) => _gates.GetOrAdd(tag, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
