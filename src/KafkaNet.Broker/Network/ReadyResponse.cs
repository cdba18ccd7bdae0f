using System.Diagnostics;
using System.Runtime.CompilerServices;
using KafkaNet.Protocol;

namespace KafkaNet.Broker.Network;

/// <summary>A handler's response (null: none is sent) and the <see cref="Stopwatch"/> timestamp it was ready at.</summary>
internal readonly record struct ReadyResponse(IKafkaMessage? Message, long ReadyAt)
{
    /// <summary>
    /// The response of a handler that returned at <paramref name="returnedAt"/>: ready then if it had answered, else
    /// stamped when it completes (on the thread completing it, before any wait to be sent).
    /// </summary>
    public static ValueTask<ReadyResponse> When(ValueTask<IKafkaMessage?> response, long returnedAt) =>
        response.IsCompletedSuccessfully ? new(new ReadyResponse(response.Result, returnedAt)) : StampAsync(response);

    // Pooled: a waiting request (a long-polling fetch, an acks=all produce) costs no allocation here once warm.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<ReadyResponse> StampAsync(ValueTask<IKafkaMessage?> response)
    {
        var message = await response.ConfigureAwait(false);
        return new ReadyResponse(message, Stopwatch.GetTimestamp());
    }
}
