using System.Buffers.Binary;
using System.IO.Pipelines;
using KafkaNet.Protocol;

namespace KafkaNet.Broker.Network;

/// <summary>Frames a response: size, header (v0: correlation id; v1: plus empty tagged fields), body.</summary>
internal static class ResponseWriter
{
    /// <summary>Bytes of the size prefix and response header together.</summary>
    public static int PrefixSize(short headerVersion) => headerVersion >= 1 ? 9 : 8;

    /// <summary>Writes the size prefix (header plus a body of <paramref name="bodySize"/> bytes) and the header.</summary>
    public static void WritePrefix(Span<byte> destination, int correlationId, short headerVersion, int bodySize)
    {
        int headerSize = PrefixSize(headerVersion) - 4;
        BinaryPrimitives.WriteInt32BigEndian(destination, headerSize + bodySize);
        BinaryPrimitives.WriteInt32BigEndian(destination[4..], correlationId);
        if (headerVersion >= 1)
        {
            destination[8] = 0;
        }
    }

    public static void Write(PipeWriter output, int correlationId, short headerVersion, IKafkaMessage body, short version)
    {
        int headerSize = PrefixSize(headerVersion) - 4;
        int bodySize = body.Size(version);
        int total = 4 + headerSize + bodySize;
        var span = output.GetSpan(total)[..total];
        WritePrefix(span, correlationId, headerVersion, bodySize);
        var writer = new KafkaWriter(span[(4 + headerSize)..]);
        body.Write(ref writer, version);
        if (writer.Position != bodySize)
        {
            throw new InvalidOperationException($"response wrote {writer.Position} bytes, Size said {bodySize}");
        }
        output.Advance(total);
    }
}
