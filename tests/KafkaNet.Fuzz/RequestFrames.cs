using System.Buffers.Binary;
using System.Text;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Fuzz;

/// <summary>Encodes request frames: 4-byte size, request header v1 or v2, body.</summary>
internal static class RequestFrames
{
    public const string ClientId = "kafkanet-fuzz";

    public static byte[] Encode(short apiKey, short version, int correlationId, IKafkaMessage body, string? clientId = ClientId)
    {
        var descriptor = ApiTable.Find(apiKey) ?? throw new ArgumentException($"unknown API key {apiKey}");
        bool flexibleHeader = descriptor.RequestHeaderVersion(version) >= 2;
        int clientIdBytes = clientId is null ? 0 : Encoding.UTF8.GetByteCount(clientId);
        int headerSize = 2 + 2 + 4 + 2 + clientIdBytes + (flexibleHeader ? 1 : 0);
        int bodySize = body.Size(version);
        var frame = new byte[4 + headerSize + bodySize];
        BinaryPrimitives.WriteInt32BigEndian(frame, headerSize + bodySize);
        BinaryPrimitives.WriteInt16BigEndian(frame.AsSpan(4), apiKey);
        BinaryPrimitives.WriteInt16BigEndian(frame.AsSpan(6), version);
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(8), correlationId);
        BinaryPrimitives.WriteInt16BigEndian(frame.AsSpan(12), (short)(clientId is null ? -1 : clientIdBytes));
        if (clientId is not null)
        {
            Encoding.UTF8.GetBytes(clientId, frame.AsSpan(14));
        }
        // A v2 header ends with an empty tagged-field section (a zero byte, already there).
        var writer = new KafkaWriter(frame.AsSpan(4 + headerSize));
        body.Write(ref writer, version);
        return frame;
    }

    /// <summary>
    /// Decodes a response frame (without its size prefix) as the given API version: header
    /// (v0: correlation id; v1: plus tagged fields), then the body, which must use every byte.
    /// </summary>
    public static IKafkaMessage DecodeResponse(ReadOnlyMemory<byte> frame, short apiKey, short version, short headerVersion, out int correlationId)
    {
        var reader = new KafkaReader(frame);
        correlationId = reader.ReadInt32();
        if (headerVersion >= 1)
        {
            int tags = reader.ReadUnsignedVarInt32();
            for (int i = 0; i < tags; i++)
            {
                reader.ReadUnsignedVarInt32();
                reader.Skip(reader.ReadUnsignedVarInt32());
            }
        }
        var body = ApiTable.ReadResponse(apiKey, ref reader, version);
        if (reader.Remaining != 0)
        {
            throw new InvalidDataException($"{reader.Remaining} bytes left after the v{version} body");
        }
        return body;
    }
}
