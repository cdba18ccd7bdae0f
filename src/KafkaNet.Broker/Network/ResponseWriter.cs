using System.Buffers.Binary;
using System.IO.Pipelines;
using KafkaNet.Protocol;

namespace KafkaNet.Broker.Network;

/// <summary>Frames a response: size, header (v0: correlation id; v1: plus empty tagged fields), body.</summary>
internal static class ResponseWriter
{
    public static void Write(PipeWriter output, int correlationId, short headerVersion, IKafkaMessage body, short version)
    {
        int headerSize = headerVersion >= 1 ? 5 : 4;
        int bodySize = body.Size(version);
        int total = 4 + headerSize + bodySize;
        var span = output.GetSpan(total)[..total];
        BinaryPrimitives.WriteInt32BigEndian(span, headerSize + bodySize);
        BinaryPrimitives.WriteInt32BigEndian(span[4..], correlationId);
        if (headerVersion >= 1)
        {
            span[8] = 0;
        }
        var writer = new KafkaWriter(span[(4 + headerSize)..]);
        body.Write(ref writer, version);
        if (writer.Position != bodySize)
        {
            throw new InvalidOperationException($"response wrote {writer.Position} bytes, Size said {bodySize}");
        }
        output.Advance(total);
    }
}
