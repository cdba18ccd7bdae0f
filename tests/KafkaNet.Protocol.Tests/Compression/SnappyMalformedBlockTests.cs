using System.Buffers;
using KafkaNet.Protocol.Compression;

namespace KafkaNet.Protocol.Tests.Compression;

/// <summary>Snappy input the reference decoder rejects must not decode here either.</summary>
public sealed class SnappyMalformedBlockTests
{
    // A xerial frame whose one block announces 41 bytes and then opens a 43-byte literal with 42 bytes left.
    private const string LiteralPastTheEnd =
        "82534e415050590000000001000000010000002b29a82e000000148343c543147bab51daaf0ee93cfc7ed1c0970020000202020012b3fd0e9ef4eb7c988a00";

    [Fact]
    public void A_literal_longer_than_the_block_is_rejected()
    {
        var output = new ArrayBufferWriter<byte>();
        var error = Record.Exception(() => RecordCompression.Decompress(CompressionCodec.Snappy, Convert.FromHexString(LiteralPastTheEnd), output, 1 << 20));
        Assert.NotNull(error);
        Assert.True(output.WrittenCount == 0, $"decoded {output.WrittenCount} bytes: {Convert.ToHexString(output.WrittenSpan)}");
    }
}
