using System.Buffers;
using System.IO.Pipelines;
using KafkaNet.Broker.Network;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Protocol.Tests.Fuzz;

/// <summary>
/// The broker's read path for one connection's bytes, up to the handler: the frame reader, the
/// API key and version peeked from the frame, the request header at the version they call for,
/// and the body's decoder when the version is one the API has. It stops where a connection would
/// close or answer without decoding (an unknown key, a version out of range).
/// </summary>
internal static class FrameDecodePath
{
    /// <summary>The broker's default socket.request.max.bytes.</summary>
    public const int MaxFrameBytes = 104857600;

    private const int MaxFrames = 16;

    /// <summary>Reads requests until the input ends or a frame stops the connection; returns how many bodies decoded.</summary>
    public static int DecodeAll(ReadOnlySequence<byte> input)
    {
        var pipe = PipeReader.Create(input);
        int decoded = 0;
        for (int i = 0; i < MaxFrames; i++)
        {
            var pending = FrameReader.ReadAsync(pipe, directSocket: null, MaxFrameBytes, "socket.request.max.bytes", CancellationToken.None);
            if (!pending.IsCompleted)
            {
                throw new InvalidOperationException("a frame read over input that is all there did not complete at once");
            }
            using var frame = pending.GetAwaiter().GetResult();
            if (frame is null)
            {
                break;
            }
            if (!DecodeRequest(frame.Memory))
            {
                break;
            }
            decoded++;
        }
        return decoded;
    }

    /// <summary>False where the broker would not decode the body: an unknown API key or a version the API lacks.</summary>
    public static bool DecodeRequest(ReadOnlyMemory<byte> frame)
    {
        var peek = new KafkaReader(frame);
        short apiKey = peek.ReadInt16();
        short version = peek.ReadInt16();
        if (ApiTable.Find(apiKey) is not { } descriptor)
        {
            return false;
        }
        var reader = new KafkaReader(frame);
        var header = RequestHeader.Read(ref reader, descriptor.RequestHeaderVersion(version));
        if (header.RequestApiKey != apiKey || header.RequestApiVersion != version)
        {
            throw new InvalidOperationException($"header read key {header.RequestApiKey} v{header.RequestApiVersion}, peek read {apiKey} v{version}");
        }
        CheckHeaderReencodes(header, descriptor.RequestHeaderVersion(version));
        if (!descriptor.IsSupported(version))
        {
            return false;
        }
        ApiTable.ReadRequest(apiKey, ref reader, version);
        return true;
    }

    private static void CheckHeaderReencodes(RequestHeader header, short headerVersion)
    {
        byte[] first = MessageCodec.Encode(header, headerVersion);
        var reader = new KafkaReader(first);
        byte[] second = MessageCodec.Encode(RequestHeader.Read(ref reader, headerVersion), headerVersion);
        if (reader.Position != first.Length || !first.AsSpan().SequenceEqual(second))
        {
            throw new InvalidOperationException($"request header v{headerVersion} re-encodes unstably: {Convert.ToHexString(first)} then {Convert.ToHexString(second)}");
        }
    }
}
