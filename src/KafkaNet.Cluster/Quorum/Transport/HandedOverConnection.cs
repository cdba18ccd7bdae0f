using System.IO.Pipelines;
using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;

namespace KafkaNet.Cluster.Quorum.Transport;

/// <summary>
/// A listener's connection lent to the Raft engine. The engine disposes connections it is done with;
/// here that only signals <see cref="Released"/>, since the listener that accepted the connection closes it.
/// </summary>
internal sealed class HandedOverConnection(ConnectionContext inner) : ConnectionContext
{
    private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Released => released.Task;

    public override string ConnectionId
    {
        get => inner.ConnectionId;
        set => inner.ConnectionId = value;
    }

    public override IFeatureCollection Features => inner.Features;

    public override IDictionary<object, object?> Items
    {
        get => inner.Items;
        set => inner.Items = value;
    }

    public override IDuplexPipe Transport
    {
        get => inner.Transport;
        set => inner.Transport = value;
    }

    public override CancellationToken ConnectionClosed
    {
        get => inner.ConnectionClosed;
        set => inner.ConnectionClosed = value;
    }

    public override EndPoint? LocalEndPoint
    {
        get => inner.LocalEndPoint;
        set => inner.LocalEndPoint = value;
    }

    public override EndPoint? RemoteEndPoint
    {
        get => inner.RemoteEndPoint;
        set => inner.RemoteEndPoint = value;
    }

    public void Release() => released.TrySetResult();

    public override void Abort(ConnectionAbortedException abortReason)
    {
        inner.Abort(abortReason);
        Release();
    }

    public override ValueTask DisposeAsync()
    {
        Release();
        return ValueTask.CompletedTask;
    }
}
