using KafkaNet.Protocol.Messages;

namespace KafkaNet.Protocol.Tests.Fuzz;

/// <summary>Decodes and encodes request and response bodies by API key, as the broker and its inter-broker clients do.</summary>
internal static class MessageCodec
{
    public static IKafkaMessage Decode(bool request, short apiKey, ReadOnlyMemory<byte> bytes, short version, out int consumed)
    {
        var reader = new KafkaReader(bytes);
        var message = request ? ApiTable.ReadRequest(apiKey, ref reader, version) : ApiTable.ReadResponse(apiKey, ref reader, version);
        consumed = reader.Position;
        return message;
    }

    /// <summary>Encodes into exactly Size bytes; a Write that fills a different count is reported as a fault.</summary>
    public static byte[] Encode(IKafkaMessage message, short version)
    {
        var bytes = new byte[message.Size(version)];
        var writer = new KafkaWriter(bytes);
        message.Write(ref writer, version);
        if (writer.Position != bytes.Length)
        {
            throw new InvalidOperationException($"Write produced {writer.Position} bytes, Size said {bytes.Length}");
        }
        return bytes;
    }

    public static Type GeneratedType(string name) =>
        typeof(ApiTable).Assembly.GetType("KafkaNet.Protocol.Messages." + name)
        ?? throw new InvalidOperationException($"no generated type for {name}");
}
