using KafkaNet.Protocol.Compression;

namespace KafkaNet.Protocol.Tests.Compression;

/// <summary>Codec lists shared by theory tests.</summary>
public static class CodecData
{
    public static TheoryData<CompressionCodec> AllCodecs => [.. Enum.GetValues<CompressionCodec>()];

    public static TheoryData<CompressionCodec> CompressingCodecs =>
        [.. Enum.GetValues<CompressionCodec>().Where(c => c != CompressionCodec.None)];
}
