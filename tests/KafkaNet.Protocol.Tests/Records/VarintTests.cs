using KafkaNet.Protocol.Records;

namespace KafkaNet.Protocol.Tests.Records;

public class VarintTests
{
    [Theory]
    [InlineData(0, "00")]
    [InlineData(-1, "01")]
    [InlineData(1, "02")]
    [InlineData(5, "0A")]
    [InlineData(-64, "7F")]
    [InlineData(64, "8001")]
    [InlineData(300, "D804")]
    [InlineData(int.MaxValue, "FEFFFFFF0F")]
    [InlineData(int.MinValue, "FFFFFFFF0F")]
    public void Varint_encodes_as_zigzag_base128(int value, string hex)
    {
        Span<byte> buffer = stackalloc byte[Varint.MaxVarintBytes];
        int written = Varint.WriteVarint(buffer, value);
        Assert.Equal(hex, Convert.ToHexString(buffer[..written]));
        Assert.Equal(written, Varint.SizeOfVarint(value));

        Assert.True(Varint.TryReadVarint(Convert.FromHexString(hex), out int read, out int consumed));
        Assert.Equal(value, read);
        Assert.Equal(written, consumed);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(1_503_229_838_908L)]
    [InlineData(-1_503_229_838_908L)]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    public void Varlong_round_trips(long value)
    {
        Span<byte> buffer = stackalloc byte[Varint.MaxVarlongBytes];
        int written = Varint.WriteVarlong(buffer, value);
        Assert.Equal(written, Varint.SizeOfVarlong(value));
        Assert.True(Varint.TryReadVarlong(buffer[..written], out long read, out int consumed));
        Assert.Equal(value, read);
        Assert.Equal(written, consumed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("80")]
    [InlineData("FFFFFFFF")]
    [InlineData("FFFFFFFFFF01")] // six bytes
    [InlineData("FFFFFFFF1F")] // fifth byte carries bits past 32
    public void Malformed_varint_is_rejected(string hex)
    {
        Assert.False(Varint.TryReadVarint(Convert.FromHexString(hex), out _, out int consumed));
        Assert.Equal(0, consumed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("FF")]
    [InlineData("FFFFFFFFFFFFFFFFFF")]
    [InlineData("FFFFFFFFFFFFFFFFFF03")] // tenth byte carries bits past 64
    [InlineData("FFFFFFFFFFFFFFFFFFFF01")] // eleven bytes
    public void Malformed_varlong_is_rejected(string hex)
    {
        Assert.False(Varint.TryReadVarlong(Convert.FromHexString(hex), out _, out _));
    }

    [Fact]
    public void Write_into_too_small_span_throws_argument_exception()
    {
        Assert.Throws<ArgumentException>(() => Varint.WriteVarint(new byte[1], 64));
    }
}
