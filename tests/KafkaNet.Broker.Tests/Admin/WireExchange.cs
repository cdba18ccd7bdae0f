using System.Buffers.Binary;
using KafkaNet.Broker.Tests.Network;
using KafkaNet.Protocol;

namespace KafkaNet.Broker.Tests.Admin;

/// <summary>One request and its decoded response over a raw socket, for versions and fields no client library exercises.</summary>
internal static class WireExchange
{
    public static async Task<TResponse> SendAsync<TResponse>(int port, short apiKey, short version, IKafkaMessage request, bool flexible)
        where TResponse : IKafkaMessage<TResponse>
    {
        using var connection = await RawKafkaConnection.ConnectAsync(port);
        await connection.SendRequestAsync(apiKey, version, 77, request, flexibleHeader: flexible);
        byte[]? frame = await connection.ReceiveFrameAsync();
        Assert.NotNull(frame);
        Assert.Equal(77, BinaryPrimitives.ReadInt32BigEndian(frame));
        var reader = new KafkaReader(frame.AsMemory(4));
        if (flexible)
        {
            Assert.Equal(0u, reader.ReadUnsignedVarInt()); // no tagged fields in the response header
        }
        var response = TResponse.Read(ref reader, version);
        Assert.Equal(0, reader.Remaining);
        return response;
    }
}
