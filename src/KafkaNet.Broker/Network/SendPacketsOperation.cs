using System.Net.Sockets;
using System.Threading.Tasks.Sources;

namespace KafkaNet.Broker.Network;

/// <summary>
/// SendPacketsAsync (sendfile on Linux) as an awaitable, reused for every response of a
/// connection. The awaiting code continues on the thread that completed the send, which is
/// already a pool thread: no extra hop, no allocation per send.
/// </summary>
internal sealed class SendPacketsOperation : SocketAsyncEventArgs, IValueTaskSource<SocketError>
{
    private ManualResetValueTaskSourceCore<SocketError> _core;

    public SendPacketsOperation()
        : base(unsafeSuppressExecutionContextFlow: true)
    {
    }

    /// <summary>Sends <paramref name="elements"/> in order; the result is the socket's outcome.</summary>
    public ValueTask<SocketError> SendAsync(Socket socket, SendPacketsElement[] elements)
    {
        _core.Reset();
        SendPacketsElements = elements;
        if (!socket.SendPacketsAsync(this))
        {
            _core.SetResult(SocketError);
        }
        return new ValueTask<SocketError>(this, _core.Version);
    }

    protected override void OnCompleted(SocketAsyncEventArgs e) => _core.SetResult(e.SocketError);

    SocketError IValueTaskSource<SocketError>.GetResult(short token)
    {
        try
        {
            return _core.GetResult(token);
        }
        finally
        {
            SendPacketsElements = null;
        }
    }

    ValueTaskSourceStatus IValueTaskSource<SocketError>.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource<SocketError>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
