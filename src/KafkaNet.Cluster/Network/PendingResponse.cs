using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Cluster.Network;

/// <summary>A request waiting for its response on a <see cref="NodeConnection"/>.</summary>
internal abstract class PendingResponse
{
    /// <summary>Decodes the response frame (header and body, without the size) and completes the request.</summary>
    /// <exception cref="KafkaProtocolException">The frame does not decode; the connection is then unusable.</exception>
    public abstract void Complete(ReadOnlyMemory<byte> frame);

    public abstract void Fail(Exception error);
}

/// <summary>Knows the response type and versions, so the connection's reader stays untyped.</summary>
internal sealed class PendingResponse<TResponse>(short headerVersion, short version) : PendingResponse
    where TResponse : class, IKafkaMessage<TResponse>
{
    private readonly TaskCompletionSource<TResponse> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<TResponse> Task => completion.Task;

    public override void Complete(ReadOnlyMemory<byte> frame)
    {
        TResponse response;
        try
        {
            var reader = new KafkaReader(frame);
            _ = ResponseHeader.Read(ref reader, headerVersion);
            response = TResponse.Read(ref reader, version);
        }
        catch (Exception e) when (e is not KafkaProtocolException)
        {
            // The generated readers signal short or malformed input with several exception types.
            throw new KafkaProtocolException($"Undecodable {typeof(TResponse).Name} v{version}: {e.Message}", e);
        }

        completion.TrySetResult(response);
    }

    public override void Fail(Exception error) => completion.TrySetException(error);
}
