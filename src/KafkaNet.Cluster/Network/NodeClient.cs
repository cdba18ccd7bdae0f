using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KafkaNet.Cluster.Network;

/// <summary>
/// A Kafka client to one other node (the controller, or a partition leader): requests are pipelined
/// on one lazily opened TCP connection and matched to responses by correlation id. When the
/// connection breaks, every waiting request fails with <see cref="NodeUnreachableException"/> and
/// the next request opens a new connection.
/// </summary>
public sealed class NodeClient : IAsyncDisposable
{
    private readonly NodeClientOptions options;
    private readonly ILogger logger;
    private readonly SemaphoreSlim connectLock = new(1, 1);
    private NodeConnection? connection;
    private int disposed;

    public NodeClient(NodeAddress address, NodeClientOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        Address = address;
        this.options = options ?? new NodeClientOptions();
        logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<NodeClient>();
    }

    public NodeAddress Address { get; }

    /// <summary>Sends a request and waits for its response, at most <see cref="NodeClientOptions.RequestTimeout"/>.</summary>
    /// <exception cref="NodeUnreachableException">No connection, or it broke before the response arrived.</exception>
    /// <exception cref="TimeoutException">No response within the request timeout.</exception>
    public async Task<TResponse> SendAsync<TResponse>(IKafkaMessage request, short apiKey, short apiVersion, CancellationToken cancellationToken)
        where TResponse : class, IKafkaMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(request);
        var descriptor = ApiTable.Find(apiKey) ?? throw new ArgumentOutOfRangeException(nameof(apiKey), apiKey, "Unknown API key.");
        if (!descriptor.IsSupported(apiVersion))
            throw new ArgumentOutOfRangeException(nameof(apiVersion), apiVersion, $"{descriptor.Name} has versions {descriptor.LowestVersion}..{descriptor.HighestVersion}.");

        var open = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        return await open.SendAsync<TResponse>(request, descriptor, apiVersion, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<NodeConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        if (Volatile.Read(ref connection) is { IsBroken: false } current)
            return current;

        await connectLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
            if (connection is { IsBroken: false } raced)
                return raced;
            if (connection is not null)
                await connection.DisposeAsync().ConfigureAwait(false);
            connection = null;
            var opened = await NodeConnection.OpenAsync(Address, options, logger, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref connection, opened);
            return opened;
        }
        finally
        {
            connectLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
            return;
        await connectLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (connection is not null)
                await connection.DisposeAsync().ConfigureAwait(false);
            connection = null;
        }
        finally
        {
            connectLock.Release();
        }
    }
}
