using System.Buffers;
using System.Text;
using KafkaNet.Protocol.Compression;
using KafkaNet.Protocol.Records;
using KafkaNet.Protocol.Tests.Records;

namespace KafkaNet.Protocol.Tests.Compression;

public class RecordCompressionTests
{
    [Theory]
    [MemberData(nameof(CodecData.AllCodecs), MemberType = typeof(CodecData))]
    public void Each_codec_round_trips_payloads_of_every_shape(CompressionCodec codec)
    {
        foreach (byte[] payload in Payloads())
        {
            byte[] compressed = Compress(codec, payload);
            Assert.Equal(payload, Decompress(codec, compressed, payload.Length));
        }
    }

    [Theory]
    [MemberData(nameof(CodecData.CompressingCodecs), MemberType = typeof(CodecData))]
    public void Compressible_data_gets_smaller(CompressionCodec codec)
    {
        byte[] payload = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("kafka record ", 10_000)));
        Assert.True(Compress(codec, payload).Length < payload.Length / 10);
    }

    [Fact]
    public void Xerial_framed_snappy_from_java_style_writer_decodes()
    {
        byte[][] streams = HexFixture.LoadLines("xerial-snappy.hex");

        Assert.Equal("PLAINDATA", Encoding.UTF8.GetString(Decompress(CompressionCodec.Snappy, streams[0], 1024)));
        Assert.Equal("{\"a\":\"UtaitILHMDAAAAfU\",\"b\":\"日本\"}", Encoding.UTF8.GetString(Decompress(CompressionCodec.Snappy, streams[1], 1024)));
    }

    [Fact]
    public void Snappy_output_uses_xerial_framing()
    {
        byte[] payload = new byte[100_000];
        new Random(1).NextBytes(payload);

        byte[] compressed = Compress(CompressionCodec.Snappy, payload);

        Assert.Equal([0x82, (byte)'S', (byte)'N', (byte)'A', (byte)'P', (byte)'P', (byte)'Y', 0, 0, 0, 0, 1, 0, 0, 0, 1], compressed[..16]);
        Assert.Equal(payload, Decompress(CompressionCodec.Snappy, compressed, payload.Length));
    }

    [Fact]
    public void Raw_snappy_block_is_detected_and_decodes()
    {
        byte[] payload = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("REPEAT", 50)));
        var raw = new ArrayBufferWriter<byte>();
        SnappyCodec.CompressRaw(payload, raw);

        Assert.NotEqual(0x82, raw.WrittenSpan[0]);
        Assert.Equal(payload, Decompress(CompressionCodec.Snappy, raw.WrittenSpan.ToArray(), payload.Length));
    }

    [Theory]
    [MemberData(nameof(CodecData.AllCodecs), MemberType = typeof(CodecData))]
    public void Decompression_limit_is_enforced(CompressionCodec codec)
    {
        byte[] payload = new byte[1 << 20];
        byte[] compressed = Compress(codec, payload);

        Assert.Equal(payload.Length, Decompress(codec, compressed, payload.Length).Length);
        var tooSmall = Assert.Throws<DecompressionLimitExceededException>(() => Decompress(codec, compressed, payload.Length - 1));
        Assert.Equal(payload.Length - 1, tooSmall.Limit);
        Assert.Throws<DecompressionLimitExceededException>(() => Decompress(codec, compressed, 64 * 1024));
    }

    [Theory]
    [MemberData(nameof(CodecData.CompressingCodecs), MemberType = typeof(CodecData))]
    public void Zip_bomb_stops_at_the_limit_without_inflating_everything(CompressionCodec codec)
    {
        byte[] compressed = Compress(codec, new byte[64 << 20]);
        var output = new CountingWriter();

        Assert.Throws<DecompressionLimitExceededException>(() =>
            RecordCompression.Decompress(codec, compressed, output, 1 << 20));
        Assert.True(output.LargestRequest <= 4 << 20, $"asked for {output.LargestRequest} bytes at once");
        Assert.True(output.Written <= 1 << 20);
    }

    [Fact]
    public void Snappy_block_announcing_huge_size_is_refused_before_allocating()
    {
        // Raw snappy starts with the decoded length as a varint: here ~2 GiB.
        byte[] bomb = [0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x00];
        var output = new CountingWriter();

        Assert.Throws<DecompressionLimitExceededException>(() =>
            RecordCompression.Decompress(CompressionCodec.Snappy, bomb, output, 1 << 20));
        Assert.Equal(0, output.LargestRequest);
    }

    [Theory]
    [InlineData(CompressionCodec.Gzip)]
    [InlineData(CompressionCodec.Lz4)]
    [InlineData(CompressionCodec.Zstd)]
    public void Garbage_is_reported_as_corrupt(CompressionCodec codec)
    {
        var random = new Random(7);
        for (int round = 0; round < 200; round++)
        {
            byte[] garbage = new byte[random.Next(1, 400)];
            random.NextBytes(garbage);
            Assert.ThrowsAny<CorruptRecordException>(() => Decompress(codec, garbage, 1 << 20));
        }
    }

    [Fact]
    public void Garbage_given_to_snappy_is_corrupt_or_decodes()
    {
        // Raw snappy has no magic or checksum, so some random inputs are valid streams.
        var random = new Random(7);
        for (int round = 0; round < 500; round++)
        {
            byte[] garbage = new byte[random.Next(1, 400)];
            random.NextBytes(garbage);
            DecompressOrCorrupt(CompressionCodec.Snappy, garbage);
        }
    }

    [Theory]
    [MemberData(nameof(CodecData.CompressingCodecs), MemberType = typeof(CodecData))]
    public void Truncated_stream_is_reported_as_corrupt(CompressionCodec codec)
    {
        byte[] payload = new byte[50_000];
        new Random(3).NextBytes(payload);
        byte[] compressed = Compress(codec, payload);

        foreach (int cut in new[] { 1, 5, compressed.Length / 2, compressed.Length - 1 })
        {
            Assert.ThrowsAny<CorruptRecordException>(() => Decompress(codec, compressed[..cut], payload.Length));
        }
    }

    [Theory]
    [MemberData(nameof(CodecData.CompressingCodecs), MemberType = typeof(CodecData))]
    public void Bit_flips_in_compressed_data_never_escape_as_foreign_exceptions(CompressionCodec codec)
    {
        byte[] payload = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 2000).Select(i => $"record-{i};")));
        byte[] compressed = Compress(codec, payload);
        var random = new Random(11);
        for (int round = 0; round < 300; round++)
        {
            byte[] damaged = (byte[])compressed.Clone();
            damaged[random.Next(damaged.Length)] ^= (byte)(1 << random.Next(8));
            DecompressOrCorrupt(codec, damaged);
        }
    }

    [Theory]
    [InlineData("825300")] // partial magic: read as raw snappy, which it is not
    [InlineData("82534e415050590000000001")] // header cut short
    [InlineData("82534e415050590000000001000000010000")] // block length cut short
    [InlineData("82534e41505059000000000100000001000000ff0102")] // block longer than data
    [InlineData("82534e41505059000000000100000001ffffffff00")] // negative block length
    public void Malformed_xerial_framing_is_corrupt(string hex)
    {
        Assert.ThrowsAny<CorruptRecordException>(() => Decompress(CompressionCodec.Snappy, Convert.FromHexString(hex), 1024));
    }

    [Fact]
    public void Unknown_codec_is_corrupt_on_decompress_and_rejected_on_compress()
    {
        Assert.Throws<CorruptRecordException>(() => Decompress((CompressionCodec)6, [1, 2, 3], 100));
        Assert.Throws<ArgumentOutOfRangeException>(() => Compress((CompressionCodec)6, [1, 2, 3]));
    }

    private static void DecompressOrCorrupt(CompressionCodec codec, byte[] input)
    {
        try
        {
            Decompress(codec, input, 1 << 20);
        }
        catch (CorruptRecordException)
        {
            // The only acceptable failure; some damage still decodes (e.g. flips in unchecked header bits).
        }
    }

    private static IEnumerable<byte[]> Payloads()
    {
        var random = new Random(42);
        byte[] noise = new byte[300_000];
        random.NextBytes(noise);
        yield return [];
        yield return [42];
        yield return Encoding.UTF8.GetBytes("hello, kafka");
        yield return new byte[200_000];
        yield return noise;
        yield return Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 50_000).Select(i => (i % 97).ToString())));
    }

    private static byte[] Compress(CompressionCodec codec, byte[] payload)
    {
        var output = new ArrayBufferWriter<byte>();
        RecordCompression.Compress(codec, payload, output);
        return output.WrittenSpan.ToArray();
    }

    private static byte[] Decompress(CompressionCodec codec, byte[] compressed, int limit)
    {
        using var output = new PooledBufferWriter();
        int written = RecordCompression.Decompress(codec, compressed, output, limit);
        Assert.Equal(written, output.WrittenCount);
        return output.ToArray();
    }

    /// <summary>Records how much a decoder asks for, without keeping more than one chunk.</summary>
    private sealed class CountingWriter : IBufferWriter<byte>
    {
        private byte[] _chunk = [];

        public long Written { get; private set; }

        public int LargestRequest { get; private set; }

        public void Advance(int count) => Written += count;

        public Memory<byte> GetMemory(int sizeHint = 0) => Chunk(sizeHint);

        public Span<byte> GetSpan(int sizeHint = 0) => Chunk(sizeHint).Span;

        private Memory<byte> Chunk(int sizeHint)
        {
            LargestRequest = Math.Max(LargestRequest, sizeHint);
            if (_chunk.Length < Math.Max(sizeHint, 1))
            {
                _chunk = new byte[Math.Max(sizeHint, 4096)];
            }

            return _chunk;
        }
    }
}
