using System.Net;
using KafkaNet.Broker.Topics;
using KafkaNet.Embedded;
using Microsoft.Extensions.Logging;
using static KafkaNet.Broker.Tests.Network.PipelinedWire;

namespace KafkaNet.Broker.Tests.Network;

/// <summary>The broker's own socket transport under Kestrel: direct frame receives, split frames, shutdown.</summary>
public sealed class SocketTransportTests : IAsyncLifetime
{
    private const string Topic = "split";
    private readonly CapturingLoggerProvider _logs = new();
    private ILoggerFactory _loggerFactory = null!;
    private EmbeddedKafka _kafka = null!;

    public async Task InitializeAsync()
    {
        _loggerFactory = LoggerFactory.Create(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Debug));
        _kafka = await EmbeddedKafka.StartAsync(new EmbeddedKafkaOptions { LoggerFactory = _loggerFactory });
        _kafka.CreateTopic(new TopicSpec(Topic, 1, 1, []));
    }

    public async Task DisposeAsync()
    {
        await _kafka.DisposeAsync();
        _loggerFactory.Dispose();
    }

    [Fact]
    public async Task Kestrel_hands_plaintext_connections_to_the_transport_that_receives_frames_directly()
    {
        using (var session = await WireSession.OpenAsync(_kafka.Port))
        {
            await session.AssertUsableAsync();
        }
        Assert.Contains(_logs.Messages, m => m.Contains("frames received directly from the socket: True", StringComparison.Ordinal));
        Assert.DoesNotContain(_logs.Messages, m => m.Contains("frames received directly from the socket: False", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_large_frame_arriving_in_pieces_is_received_whole()
    {
        var batches = new List<byte[]> { Batch(400_000), Batch(30) };
        byte[] bytes = [.. ProduceFrame(1, Topic, batches[0]), .. ProduceFrame(2, Topic, batches[1])];
        // Cuts inside the first size prefix, inside the first body, and across the frame boundary.
        int[] cuts = [2, 5, 70_000, 250_000, batches[0].Length + 40, bytes.Length - 3];
        using var connection = await RawKafkaConnection.ConnectAsync(_kafka.Port);
        int at = 0;
        foreach (int cut in cuts.Append(bytes.Length))
        {
            await connection.SendAsync(bytes[at..cut]);
            at = cut;
            await Task.Delay(30);
        }
        Assert.Equal(0L, (await ReceiveProduceAsync(connection, 1)).BaseOffset);
        Assert.Equal(1L, (await ReceiveProduceAsync(connection, 2)).BaseOffset);
        await AssertLogHoldsAsync(_kafka.Port, Topic, batches);
    }

    [Fact]
    public async Task A_peer_closing_inside_a_large_frame_leaves_nothing_in_the_log()
    {
        byte[] frame = ProduceFrame(1, Topic, Batch(300_000));
        using (var connection = await RawKafkaConnection.ConnectAsync(_kafka.Port))
        {
            await connection.SendAsync(frame[..200_000]);
            await Task.Delay(50);
        }
        await AssertLogHoldsAsync(_kafka.Port, Topic, []);
    }

    [Fact]
    public async Task Stopping_the_broker_closes_idle_connections_without_waiting_for_the_shutdown_timeout()
    {
        var kafka = await EmbeddedKafka.StartAsync();
        using var session = await RawKafkaConnection.ConnectAsync(kafka.Port);
        await session.SendAsync(ApiVersionsFrame(1));
        Assert.NotNull(await session.ReceiveFrameAsync());
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await kafka.DisposeAsync();
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"stopping took {clock.Elapsed}");
        Assert.True(await session.IsClosedByBrokerAsync());
    }

    [Fact]
    public async Task Listener_accepts_connections_and_returns_null_once_unbound()
    {
        var listener = await new KafkaNet.Broker.Network.SocketTransportFactory().BindAsync(new IPEndPoint(IPAddress.Loopback, 0));
        await using (listener)
        {
            var port = ((IPEndPoint)listener.EndPoint).Port;
            Assert.NotEqual(0, port);
            var accepting = listener.AcceptAsync().AsTask();
            using var client = await RawKafkaConnection.ConnectAsync(port);
            await using var connection = await accepting;
            Assert.NotNull(connection);
            Assert.Equal(port, ((IPEndPoint)connection.LocalEndPoint!).Port);
            await listener.UnbindAsync();
            Assert.Null(await listener.AcceptAsync());
        }
    }

    [Fact]
    public async Task Binding_a_port_in_use_reports_it_as_Kestrel_expects()
    {
        var factory = new KafkaNet.Broker.Network.SocketTransportFactory();
        var first = await factory.BindAsync(new IPEndPoint(IPAddress.Loopback, 0));
        await using (first)
        {
            await Assert.ThrowsAsync<Microsoft.AspNetCore.Connections.AddressInUseException>(async () => await factory.BindAsync(first.EndPoint));
        }
    }

    [Fact]
    public async Task Abort_ends_a_pending_read_signals_ConnectionClosed_and_closes_the_socket()
    {
        var listener = await new KafkaNet.Broker.Network.SocketTransportFactory().BindAsync(new IPEndPoint(IPAddress.Loopback, 0));
        await using (listener)
        {
            var accepting = listener.AcceptAsync().AsTask();
            using var client = await RawKafkaConnection.ConnectAsync(((IPEndPoint)listener.EndPoint).Port);
            await using var connection = (await accepting)!;
            var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var registration = connection.ConnectionClosed.Register(() => closed.TrySetResult());
            var reading = connection.Transport.Input.ReadAsync().AsTask();
            connection.Abort();
            await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
            var ended = await Record.ExceptionAsync(() => reading.WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.IsNotType<TimeoutException>(ended);
            Assert.True(await client.IsClosedByBrokerAsync());
        }
    }
}
