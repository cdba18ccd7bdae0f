using System.Buffers;
using System.Buffers.Binary;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Cluster.Network;

/// <summary>A request as it goes on the wire: size, header, body, in a pooled buffer the caller returns.</summary>
internal readonly struct RequestFrame : IDisposable
{
    private readonly byte[] buffer;

    private RequestFrame(byte[] buffer, int length)
    {
        this.buffer = buffer;
        Length = length;
    }

    public int Length { get; }

    public ReadOnlyMemory<byte> Memory => buffer.AsMemory(0, Length);

    public static RequestFrame Build(IKafkaMessage request, ApiDescriptor descriptor, short apiVersion, int correlationId, string clientId)
    {
        var header = new RequestHeader
        {
            RequestApiKey = descriptor.ApiKey,
            RequestApiVersion = apiVersion,
            CorrelationId = correlationId,
            ClientId = clientId,
        };
        var headerVersion = descriptor.RequestHeaderVersion(apiVersion);
        var size = header.Size(headerVersion) + request.Size(apiVersion);
        var buffer = ArrayPool<byte>.Shared.Rent(4 + size);
        BinaryPrimitives.WriteInt32BigEndian(buffer, size);
        var writer = new KafkaWriter(buffer.AsSpan(4, size));
        header.Write(ref writer, headerVersion);
        request.Write(ref writer, apiVersion);
        return new RequestFrame(buffer, 4 + size);
    }

    public void Dispose() => ArrayPool<byte>.Shared.Return(buffer);
}
