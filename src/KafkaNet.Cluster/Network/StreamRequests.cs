using System.Buffers.Binary;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Cluster.Network;

/// <summary>
/// One request at a time on a stream that is then used for something else (Raft after SASL): nothing reads ahead
/// of the response awaited, so no byte past it is taken from the stream.
/// </summary>
internal sealed class StreamRequests(Stream stream, NodeAddress address, string clientId, TimeSpan timeout) : IRequestChannel
{
    private const int MaxResponseBytes = 1024 * 1024;
    private int nextCorrelationId;

    public async Task<TResponse> SendAsync<TResponse>(IKafkaMessage request, short apiKey, short apiVersion, CancellationToken cancellationToken)
        where TResponse : class, IKafkaMessage<TResponse>
    {
        var descriptor = ApiTable.Find(apiKey)!;
        int correlationId = ++nextCorrelationId;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using (var frame = RequestFrame.Build(request, descriptor, apiVersion, correlationId, clientId))
            {
                await stream.WriteAsync(frame.Memory, deadline.Token).ConfigureAwait(false);
            }
            var sizeBuffer = new byte[4];
            await stream.ReadExactlyAsync(sizeBuffer, deadline.Token).ConfigureAwait(false);
            int size = BinaryPrimitives.ReadInt32BigEndian(sizeBuffer);
            if (size < 4 || size > MaxResponseBytes)
                throw new NodeUnreachableException(address, $"bad response: frame size {size} is outside 4..{MaxResponseBytes}");
            var body = new byte[size];
            await stream.ReadExactlyAsync(body, deadline.Token).ConfigureAwait(false);
            if (BinaryPrimitives.ReadInt32BigEndian(body) != correlationId)
                throw new NodeUnreachableException(address, $"bad response: {descriptor.Name} answered out of turn");
            var response = new PendingResponse<TResponse>(descriptor.ResponseHeaderVersion(apiVersion), apiVersion);
            response.Complete(body);
            return await response.Task.ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new NodeUnreachableException(address, $"{descriptor.Name} got no response within {timeout}", e);
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or KafkaProtocolException)
        {
            throw new NodeUnreachableException(address, e is EndOfStreamException ? "the connection was closed by the peer" : e.Message, e);
        }
    }
}
