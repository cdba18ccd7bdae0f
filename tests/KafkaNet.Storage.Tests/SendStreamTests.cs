using System.Net;
using System.Net.Sockets;

namespace KafkaNet.Storage.Tests;

public class SendStreamTests
{
    [Fact]
    public async Task Regions_of_a_segment_share_one_send_stream_over_the_segment_handle()
    {
        using var dir = new TempDir();
        using var log = PartitionLog.Open(dir.Partition(), new LogConfig());
        for (int i = 0; i < 4; i++)
        {
            await log.AppendAsLeaderAsync(TestBatches.Make(5, valueSize: 100), 0);
        }

        using LogReadResult first = log.Read(0, 1);
        using LogReadResult second = log.Read(10, 1);
        FileStream stream = first.Region!.SendStream;
        Assert.Same(stream, second.Region!.SendStream);
        Assert.True(stream.IsAsync);
        Assert.Same(first.Region.Handle, stream.SafeFileHandle);
    }

    [Fact]
    public async Task Send_packets_sends_regions_from_the_send_stream_and_the_log_keeps_working()
    {
        using var dir = new TempDir();
        using var log = PartitionLog.Open(dir.Partition(), new LogConfig());
        for (int i = 0; i < 20; i++)
        {
            await log.AppendAsLeaderAsync(TestBatches.Make(5, valueSize: 500), 0);
        }

        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(listener.LocalEndPoint!);
        using Socket server = await listener.AcceptAsync();

        // Two sends from different regions of the same segment, the second after another append.
        using LogReadResult head = log.Read(0, 3_000);
        byte[] expected = head.Region!.ToArray();
        await SendRegionAsync(server, head.Region);
        await log.AppendAsLeaderAsync(TestBatches.Make(5, valueSize: 500), 0);
        using LogReadResult tail = log.Read(95, 1 << 20);
        expected = [.. expected, .. tail.Region!.ToArray()];
        await SendRegionAsync(server, tail.Region);
        server.Shutdown(SocketShutdown.Send);

        byte[] received = await ReceiveAllAsync(client, expected.Length);
        Assert.Equal(expected, received);
        Assert.Equal(105, TestBatches.ReadAll(log).Sum(h => h.RecordCount));
    }

    [Fact]
    public async Task A_disposed_region_gives_no_send_stream()
    {
        using var dir = new TempDir();
        using var log = PartitionLog.Open(dir.Partition(), new LogConfig());
        await log.AppendAsLeaderAsync(TestBatches.Make(5), 0);
        LogReadResult result = log.Read(0, 100);
        result.Dispose();
        Assert.Throws<ObjectDisposedException>(() => result.Region!.SendStream);
    }

    private static async Task SendRegionAsync(Socket socket, FileRegion region)
    {
        var done = new TaskCompletionSource<SocketError>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var args = new SocketAsyncEventArgs
        {
            SendPacketsElements = [new SendPacketsElement(region.SendStream, region.Position, region.Length)],
        };
        args.Completed += (_, e) => done.TrySetResult(e.SocketError);
        if (!socket.SendPacketsAsync(args))
        {
            done.TrySetResult(args.SocketError);
        }

        Assert.Equal(SocketError.Success, await done.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    private static async Task<byte[]> ReceiveAllAsync(Socket socket, int expectedLength)
    {
        using var received = new MemoryStream();
        byte[] buffer = new byte[64 * 1024];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        for (int guard = 0; guard < 100_000; guard++)
        {
            int n = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            if (n == 0)
            {
                break;
            }

            received.Write(buffer, 0, n);
            if (received.Length > expectedLength)
            {
                break;
            }
        }

        return received.ToArray();
    }
}
