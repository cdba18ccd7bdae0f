using System.Net;
using System.Net.Sockets;

namespace KafkaNet.Cluster.Tests.Network;

/// <summary>A TCP server on loopback that reads the first request and answers it with fixed bytes.</summary>
internal sealed class FakeNodeServer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly Task serving;

    public FakeNodeServer(Func<int, byte[]> answer)
    {
        listener.Start();
        serving = ServeAsync(answer);
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    private async Task ServeAsync(Func<int, byte[]> answer)
    {
        try
        {
            using var client = await listener.AcceptTcpClientAsync(stop.Token);
            var stream = client.GetStream();
            var size = new byte[4];
            await stream.ReadExactlyAsync(size, stop.Token);
            var request = new byte[System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(size)];
            await stream.ReadExactlyAsync(request, stop.Token);
            var correlationId = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(request.AsSpan(4));
            await stream.WriteAsync(answer(correlationId), stop.Token);
            // Keep the connection open: the client alone must notice the bad answer.
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await serving;
        listener.Stop();
        listener.Dispose();
        stop.Dispose();
    }
}
