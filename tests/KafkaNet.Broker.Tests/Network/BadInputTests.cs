using System.Buffers.Binary;
using KafkaNet.Embedded;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Network;

/// <summary>Malformed input over a real socket gets Kafka's answer or a closed connection, and the broker lives on.</summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private EmbeddedKafka _kafka = null!;

    public async Task InitializeAsync() => _kafka = await EmbeddedKafka.StartAsync();

    public async Task DisposeAsync() => await _kafka.DisposeAsync();

    public static TheoryData<string, byte[]> ClosingInputs() => new()
    {
        { "garbage", Frame([0xde, 0xad, 0xbe, 0xef, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07]) },
        { "2 GiB length prefix", Int32(int.MaxValue) },
        { "negative length", Int32(-7) },
        { "unknown API key 9999", Frame(Header(9999, 0, 1)) },
        { "header cut short", Frame([0x00, 0x12, 0x00]) },
        { "empty frame", Int32(0) },
        { "client id longer than the frame", Frame([.. Header(18, 1, 5)[..8], 0x7f, 0xff, (byte)'a']) },
        { "metadata body truncated", Frame([.. Header(3, 4, 9), 0x00, 0x00]) },
        { "metadata version beyond every known version", Frame(Header(3, 99, 9)) },
    };

    [Theory]
    [MemberData(nameof(ClosingInputs))]
    public async Task Malformed_input_closes_the_connection_and_the_broker_keeps_serving(string what, byte[] bytes)
    {
        using (var connection = await RawKafkaConnection.ConnectAsync(_kafka.Port))
        {
            await connection.SendAsync(bytes);
            Assert.True(await connection.IsClosedByBrokerAsync(), what);
        }
        await AssertBrokerAnswersAsync();
    }

    [Fact]
    public async Task Truncated_frame_then_close_is_dropped_without_harm()
    {
        using (var connection = await RawKafkaConnection.ConnectAsync(_kafka.Port))
        {
            byte[] frame = Frame([.. Header(18, 0, 3)]);
            await connection.SendAsync(frame[..^3]);
        }
        await AssertBrokerAnswersAsync();
    }

    [Fact]
    public async Task ApiVersions_v99_gets_a_v0_answer_with_UNSUPPORTED_VERSION_and_our_ranges()
    {
        using var connection = await RawKafkaConnection.ConnectAsync(_kafka.Port);
        await connection.SendAsync(Frame([.. Header(18, 99, 42), 0x00]));
        byte[]? response = await connection.ReceiveFrameAsync();
        Assert.NotNull(response);
        Assert.Equal(42, BinaryPrimitives.ReadInt32BigEndian(response));
        var reader = new KafkaReader(response.AsMemory(4));
        var body = ApiVersionsResponse.Read(ref reader, 0);
        Assert.Equal((short)ErrorCode.UnsupportedVersion, body.ErrorCode);
        var apiVersions = Assert.Single(body.ApiKeys, k => k.ApiKey == 18);
        Assert.Equal(0, apiVersions.MinVersion);
        Assert.Equal(4, apiVersions.MaxVersion);
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public async Task Frame_over_socket_request_max_bytes_closes_before_the_body_is_read()
    {
        await using var small = await EmbeddedKafka.StartAsync(new EmbeddedKafkaOptions { Configure = o => o.SocketRequestMaxBytes = 1024 });
        using var connection = await RawKafkaConnection.ConnectAsync(small.Port);
        await connection.SendAsync(Int32(1025));
        Assert.True(await connection.IsClosedByBrokerAsync());
    }

    [Fact]
    public async Task Connections_announcing_huge_frames_do_not_make_the_broker_allocate_them()
    {
        const int connections = 20;
        const int announced = 100 * 1024 * 1024;
        long before = GC.GetTotalAllocatedBytes(precise: true);
        var sockets = new List<RawKafkaConnection>();
        try
        {
            for (int i = 0; i < connections; i++)
            {
                var connection = await RawKafkaConnection.ConnectAsync(_kafka.Port);
                sockets.Add(connection);
                await connection.SendAsync([.. Int32(announced), .. new byte[4096]]);
            }
            await AssertBrokerAnswersAsync();
            long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            // 20 frames of 100 MiB announced; what the broker may take is what actually arrived, plus overhead.
            Assert.True(allocated < 64L * 1024 * 1024, $"allocated {allocated} bytes for {connections} half-sent frames");
        }
        finally
        {
            sockets.ForEach(s => s.Dispose());
        }
    }

    private async Task AssertBrokerAnswersAsync()
    {
        using var connection = await RawKafkaConnection.ConnectAsync(_kafka.Port);
        await connection.SendRequestAsync(18, 0, 7, new ApiVersionsRequest(), flexibleHeader: false);
        byte[]? response = await connection.ReceiveFrameAsync();
        Assert.NotNull(response);
        Assert.Equal(7, BinaryPrimitives.ReadInt32BigEndian(response));
    }

    private static byte[] Header(short apiKey, short version, int correlationId)
    {
        var header = new byte[10];
        BinaryPrimitives.WriteInt16BigEndian(header, apiKey);
        BinaryPrimitives.WriteInt16BigEndian(header.AsSpan(2), version);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), correlationId);
        BinaryPrimitives.WriteInt16BigEndian(header.AsSpan(8), -1);
        return header;
    }

    private static byte[] Int32(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        return bytes;
    }

    private static byte[] Frame(byte[] payload) => [.. Int32(payload.Length), .. payload];
}
