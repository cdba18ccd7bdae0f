using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net.Sockets;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using Microsoft.Extensions.Logging;

namespace KafkaNet.Cluster.Network;

/// <summary>
/// One connection to a node: TCP, with TLS and SASL first when <see cref="NodeClientOptions.Security"/> asks. Requests are written whole, one at a time, and any number wait
/// for responses, matched by correlation id. Any failure closes the connection and fails every
/// waiting request; the owner then opens a new one.
/// </summary>
internal sealed class NodeConnection : IRequestChannel, IAsyncDisposable
{
    private readonly NodeAddress address;
    private readonly NodeClientOptions options;
    private readonly ILogger logger;
    private readonly Socket socket;
    private readonly Stream stream;
    private readonly SemaphoreSlim writeLock = new(1, 1);
    private readonly ConcurrentDictionary<int, PendingResponse> pending = new();
    private readonly Task reader;
    private Exception? failure;
    private int nextCorrelationId;

    private NodeConnection(NodeAddress address, NodeClientOptions options, ILogger logger, Socket socket, Stream stream)
    {
        this.address = address;
        this.options = options;
        this.logger = logger;
        this.socket = socket;
        this.stream = stream;
        reader = Task.Run(ReadResponsesAsync);
    }

    public bool IsBroken => Volatile.Read(ref failure) is not null;

    public static async Task<NodeConnection> OpenAsync(NodeAddress address, NodeClientOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        try
        {
            await socket.ConnectAsync(address.Host, address.Port, timeout.Token).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new NodeUnreachableException(address, e.Message, e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new NodeUnreachableException(address, $"no connection within {options.ConnectTimeout}", e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        NodeClientLog.Connected(logger, address.ToString());
        var security = options.Security;
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        if (security?.Tls is { } tls)
        {
            stream = await NodeTls.AuthenticateAsync(stream, address, tls, options.ConnectTimeout, cancellationToken).ConfigureAwait(false);
        }
        var connection = new NodeConnection(address, options, logger, socket, stream);
        if (security?.Sasl is { } credentials)
        {
            try
            {
                await NodeSasl.AuthenticateAsync(connection, address, credentials, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                if (e is NodeAuthenticationException)
                    NodeClientLog.AuthenticationFailed(logger, e.Message);
                await connection.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
        return connection;
    }

    /// <summary>Sends a request by its API key, as the SASL exchange does before the client's own requests.</summary>
    public Task<TResponse> SendAsync<TResponse>(IKafkaMessage request, short apiKey, short apiVersion, CancellationToken cancellationToken)
        where TResponse : class, IKafkaMessage<TResponse> =>
        SendAsync<TResponse>(request, ApiTable.Find(apiKey)!, apiVersion, cancellationToken);

    public async Task<TResponse> SendAsync<TResponse>(IKafkaMessage request, ApiDescriptor descriptor, short apiVersion, CancellationToken cancellationToken)
        where TResponse : class, IKafkaMessage<TResponse>
    {
        var correlationId = Interlocked.Increment(ref nextCorrelationId);
        var response = new PendingResponse<TResponse>(descriptor.ResponseHeaderVersion(apiVersion), apiVersion);
        using (var frame = RequestFrame.Build(request, descriptor, apiVersion, correlationId, options.ClientId))
        {
            try
            {
                pending[correlationId] = response;
                // A connection that broke before the request was registered would never fail it.
                if (Volatile.Read(ref failure) is { } broken)
                    throw Unreachable(broken);
                await writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    // Not cancellable: half a frame on the wire would corrupt every later request.
                    await stream.WriteAsync(frame.Memory, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
                {
                    Fail(e);
                    throw Unreachable(e);
                }
                finally
                {
                    writeLock.Release();
                }
            }
            catch
            {
                pending.TryRemove(correlationId, out _);
                throw;
            }
        }

        try
        {
            return await response.Task.WaitAsync(options.RequestTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{descriptor.Name} v{apiVersion} to {address} got no response within {options.RequestTimeout}.");
        }
        finally
        {
            // A late response to a request given up on is then dropped by the reader.
            pending.TryRemove(correlationId, out _);
        }
    }

    private async Task ReadResponsesAsync()
    {
        var sizeBuffer = new byte[4];
        try
        {
            while (true)
            {
                await stream.ReadExactlyAsync(sizeBuffer).ConfigureAwait(false);
                var size = BinaryPrimitives.ReadInt32BigEndian(sizeBuffer);
                if (size < 4 || size > options.MaxResponseBytes)
                    throw new KafkaProtocolException($"response frame size {size} is outside 4..{options.MaxResponseBytes}");

                // Not pooled: decoded messages may keep slices of the frame.
                var frame = new byte[size];
                await stream.ReadExactlyAsync(frame).ConfigureAwait(false);
                var correlationId = BinaryPrimitives.ReadInt32BigEndian(frame);
                if (!pending.TryRemove(correlationId, out var waiting))
                    continue;
                try
                {
                    waiting.Complete(frame);
                }
                catch (Exception e)
                {
                    waiting.Fail(Unreachable(e));
                    throw;
                }
            }
        }
#pragma warning disable CA1031 // every failure ends the connection and is handed to the waiting requests
        catch (Exception e)
#pragma warning restore CA1031
        {
            Fail(e);
        }
    }

    private void Fail(Exception cause)
    {
        if (Interlocked.CompareExchange(ref failure, cause, null) is not null)
            return;
        NodeClientLog.Disconnected(logger, address.ToString(), cause.Message);
        socket.Dispose();
        var error = Unreachable(cause);
        foreach (var id in pending.Keys)
        {
            if (pending.TryRemove(id, out var waiting))
                waiting.Fail(error);
        }
    }

    private NodeUnreachableException Unreachable(Exception cause) => cause switch
    {
        EndOfStreamException => new NodeUnreachableException(address, "the connection was closed by the peer", cause),
        KafkaProtocolException => new NodeUnreachableException(address, "bad response: " + cause.Message, cause),
        _ => new NodeUnreachableException(address, cause.Message, cause),
    };

    public async ValueTask DisposeAsync()
    {
        Fail(new ObjectDisposedException(nameof(NodeClient)));
        await reader.ConfigureAwait(false);
        await stream.DisposeAsync().ConfigureAwait(false);
    }
}
