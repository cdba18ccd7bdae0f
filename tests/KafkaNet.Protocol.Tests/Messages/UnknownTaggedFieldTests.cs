using KafkaNet.Protocol.Messages;

namespace KafkaNet.Protocol.Tests.Messages;

public class UnknownTaggedFieldTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1000)]
    [InlineData(int.MaxValue)]
    public void An_unknown_tagged_field_is_written_back_whatever_its_tag(int tag)
    {
        byte[] input = new WireBytes()
            .I16(3).I16(12).I32(7).Str("c")
            .UVar(1).UVar((uint)tag).UVar(2).Raw([0xAB, 0xCD])
            .ToArray();
        var reader = new KafkaReader(input);
        var header = RequestHeader.Read(ref reader, 2);

        byte[] encoded = new byte[header.Size(2)];
        var writer = new KafkaWriter(encoded);
        header.Write(ref writer, 2);

        Assert.Equal(encoded.Length, writer.Position);
        Assert.Equal(input, encoded);
    }
}
