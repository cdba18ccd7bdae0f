using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace KafkaNet.FrameRecorder;

/// <summary>
/// One client connection relayed to the broker: requests are read frame by frame, recorded and
/// forwarded unchanged; responses are copied back byte for byte.
/// </summary>
internal static class ProxyConnection
{
    /// <summary>Frames larger than this are forwarded but not buffered whole.</summary>
    private const int MaxBufferedFrame = 100 * 1024 * 1024;

    public static async Task RunAsync(Socket client, IPEndPoint target, FrameStore store, CancellationToken cancellationToken)
    {
        using var broker = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var clientSocket = client;
        try
        {
            await broker.ConnectAsync(target, cancellationToken).ConfigureAwait(false);
            using var clientStream = new NetworkStream(client, ownsSocket: false);
            using var brokerStream = new NetworkStream(broker, ownsSocket: false);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var requests = RelayRequestsAsync(clientStream, brokerStream, store, stop.Token);
            var responses = brokerStream.CopyToAsync(clientStream, stop.Token);
            await Task.WhenAny(requests, responses).ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
            client.Shutdown(SocketShutdown.Both);
            broker.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Either side went away: the other is closed with it.
        }
    }

    private static async Task RelayRequestsAsync(Stream client, Stream broker, FrameStore store, CancellationToken cancellationToken)
    {
        var sizeBytes = new byte[4];
        while (true)
        {
            if (!await ReadExactlyOrEndAsync(client, sizeBytes, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
            int size = BinaryPrimitives.ReadInt32BigEndian(sizeBytes);
            if (size < 0 || size > MaxBufferedFrame)
            {
                return;
            }
            var frame = new byte[size];
            await client.ReadExactlyAsync(frame, cancellationToken).ConfigureAwait(false);
            store.Record(frame);
            await broker.WriteAsync(sizeBytes, cancellationToken).ConfigureAwait(false);
            await broker.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<bool> ReadExactlyOrEndAsync(Stream stream, byte[] buffer, CancellationToken cancellationToken)
    {
        int read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        return read == buffer.Length;
    }
}
