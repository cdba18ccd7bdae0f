using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;

namespace KafkaNet.Cluster.Quorum.Transport;

/// <summary>An outbound TCP connection (TLS over it when the controller listener wants it) seen through pipes, for the Raft engine's client side.</summary>
internal sealed class StreamConnection : ConnectionContext, IDuplexPipe
{
    private readonly Socket socket;
    private readonly Stream stream;
    private readonly CancellationTokenSource closed = new();
    private int disposed;

    /// <param name="stream">The socket's stream, or TLS over it; owns the socket.</param>
    public StreamConnection(Socket socket, Stream stream)
    {
        this.socket = socket;
        this.stream = stream;
        Input = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
        Output = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
        Transport = this;
        ConnectionClosed = closed.Token;
        LocalEndPoint = socket.LocalEndPoint;
        RemoteEndPoint = socket.RemoteEndPoint;
    }

    public PipeReader Input { get; }

    public PipeWriter Output { get; }

    public override string ConnectionId { get; set; } = "raft-" + Guid.NewGuid().ToString("N");

    public override IFeatureCollection Features { get; } = new FeatureCollection();

    public override IDictionary<object, object?> Items { get; set; } = new Dictionary<object, object?>();

    public override IDuplexPipe Transport { get; set; }

    public override CancellationToken ConnectionClosed { get; set; }

    public override EndPoint? LocalEndPoint { get; set; }

    public override EndPoint? RemoteEndPoint { get; set; }

    public override void Abort(ConnectionAbortedException abortReason)
    {
        if (Volatile.Read(ref disposed) != 0)
            return;
        socket.Dispose();
        closed.Cancel();
    }

    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
            return;
        await Input.CompleteAsync().ConfigureAwait(false);
        await Output.CompleteAsync().ConfigureAwait(false);
        await stream.DisposeAsync().ConfigureAwait(false);
        await closed.CancelAsync().ConfigureAwait(false);
        closed.Dispose();
    }
}
