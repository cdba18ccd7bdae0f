using System.Buffers.Binary;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Network;

/// <summary>Typed requests and decoded responses over one raw socket, so a test can check the connection outlives bad input.</summary>
internal sealed class WireSession : IDisposable
{
    private readonly RawKafkaConnection _connection;
    private int _correlationId;

    private WireSession(RawKafkaConnection connection) => _connection = connection;

    public static async Task<WireSession> OpenAsync(int port) => new(await RawKafkaConnection.ConnectAsync(port));

    /// <summary>Sends one request and decodes its response; flexible selects header v2 / response header v1.</summary>
    public async Task<TResponse> SendAsync<TResponse>(short apiKey, short version, IKafkaMessage request, bool flexible)
        where TResponse : IKafkaMessage<TResponse>
    {
        int correlationId = ++_correlationId;
        await _connection.SendRequestAsync(apiKey, version, correlationId, request, flexibleHeader: flexible);
        byte[]? frame = await _connection.ReceiveFrameAsync();
        Assert.NotNull(frame);
        Assert.Equal(correlationId, BinaryPrimitives.ReadInt32BigEndian(frame));
        var reader = new KafkaReader(frame.AsMemory(4));
        if (flexible)
        {
            Assert.Equal(0u, reader.ReadUnsignedVarInt()); // no tagged fields in the response header
        }
        var response = TResponse.Read(ref reader, version);
        Assert.Equal(0, reader.Remaining);
        return response;
    }

    /// <summary>Asserts the connection still answers: an ApiVersions v0 round trip.</summary>
    public async Task AssertUsableAsync()
    {
        var response = await SendAsync<ApiVersionsResponse>(ApiVersionsRequest.ApiKey, 0, new ApiVersionsRequest(), flexible: false);
        Assert.Equal(0, response.ErrorCode);
    }

    public void Dispose() => _connection.Dispose();
}
