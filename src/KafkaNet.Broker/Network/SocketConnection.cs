using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;

namespace KafkaNet.Broker.Network;

/// <summary>
/// An accepted TCP connection. Its input pipe reads the socket only inside ReadAsync, in reads of
/// 64 KB, and never ahead: once the pipe is drained nothing else reads the socket, so the Kafka
/// handler may receive the rest of a frame directly into the frame's buffer. Its output pipe
/// writes to the socket on flush. No background loops.
/// </summary>
internal sealed class SocketConnection : ConnectionContext,
    IConnectionIdFeature, IConnectionItemsFeature, IConnectionTransportFeature,
    IConnectionLifetimeFeature, IConnectionEndPointFeature, IConnectionSocketFeature
{
    /// <summary>The smallest receive the input pipe makes.</summary>
    public const int ReceiveSize = 64 * 1024;

    private static long s_lastId;

    private readonly CancellationTokenSource _closed = new();
    private readonly NetworkStream _stream;
    private int _closing;

    public SocketConnection(Socket socket)
    {
        Socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: false);
        SocketTransport = new DuplexPipe(
            PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: ReceiveSize, minimumReadSize: ReceiveSize, leaveOpen: true)),
            PipeWriter.Create(_stream, new StreamPipeWriterOptions(leaveOpen: true)));
        Transport = SocketTransport;
        ConnectionId = "kn" + Interlocked.Increment(ref s_lastId).ToString("X8", CultureInfo.InvariantCulture);
        LocalEndPoint = socket.LocalEndPoint;
        RemoteEndPoint = socket.RemoteEndPoint;
        ConnectionClosed = _closed.Token;
        Features = new FeatureCollection();
        Features.Set<IConnectionIdFeature>(this);
        Features.Set<IConnectionItemsFeature>(this);
        Features.Set<IConnectionTransportFeature>(this);
        Features.Set<IConnectionLifetimeFeature>(this);
        Features.Set<IConnectionEndPointFeature>(this);
        Features.Set<IConnectionSocketFeature>(this);
    }

    public Socket Socket { get; }

    /// <summary>The pipes on the socket itself; Transport differs from it once middleware (TLS) wrapped it.</summary>
    public IDuplexPipe SocketTransport { get; }

    /// <summary>True while no middleware sits between the connection's user and the socket.</summary>
    public bool IsTransportUnwrapped => ReferenceEquals(Transport, SocketTransport);

    public override IDuplexPipe Transport { get; set; }

    public override string ConnectionId { get; set; }

    public override IFeatureCollection Features { get; }

    public override IDictionary<object, object?> Items { get; set; } = new ConnectionItems();

    public override CancellationToken ConnectionClosed { get; set; }

    public override EndPoint? LocalEndPoint { get; set; }

    public override EndPoint? RemoteEndPoint { get; set; }

    public override void Abort(ConnectionAbortedException abortReason) => Close();

    public override async ValueTask DisposeAsync()
    {
        await SocketTransport.Input.CompleteAsync().ConfigureAwait(false);
        await SocketTransport.Output.CompleteAsync().ConfigureAwait(false);
        Close();
        await _stream.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Closes the socket, which ends pending reads and writes, then signals ConnectionClosed.</summary>
    private void Close()
    {
        if (Interlocked.Exchange(ref _closing, 1) != 0)
        {
            return;
        }
        try
        {
            Socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already reset by the peer.
        }
        Socket.Dispose();
        // Callbacks on ConnectionClosed run on the pool, never inside whoever aborted.
        ThreadPool.UnsafeQueueUserWorkItem(static closed => closed.Cancel(), _closed, preferLocal: false);
    }

    private sealed record DuplexPipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;
}
