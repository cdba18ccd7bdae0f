using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Connections;

namespace KafkaNet.Cluster.Quorum.Transport;

/// <summary>The Raft engine's side of a <see cref="RaftConnectionHub"/>: it accepts what the controller listener hands over.</summary>
internal sealed class RaftListener(EndPoint endPoint, Action<RaftListener> unbound) : IConnectionListener
{
    private readonly Channel<HandedOverConnection> accepted = Channel.CreateUnbounded<HandedOverConnection>();

    public EndPoint EndPoint { get; } = endPoint;

    public bool TryOffer(HandedOverConnection connection) => accepted.Writer.TryWrite(connection);

    public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await accepted.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    public ValueTask UnbindAsync(CancellationToken cancellationToken = default)
    {
        Close();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        Close();
        return ValueTask.CompletedTask;
    }

    private void Close()
    {
        unbound(this);
        accepted.Writer.TryComplete();
        // Connections offered but never accepted go back to their listener, which closes them.
        while (accepted.Reader.TryRead(out var left))
            left.Release();
    }
}
