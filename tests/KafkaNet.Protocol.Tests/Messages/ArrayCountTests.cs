namespace KafkaNet.Protocol.Tests.Messages;

public class ArrayCountTests
{
    [Fact]
    public void Count_far_beyond_the_bytes_left_is_refused_with_the_bytes_it_would_need()
    {
        byte[] bytes = [0x7f, 0xff, 0xff, 0xff, 0, 0];

        var error = Assert.Throws<KafkaProtocolException>(() =>
        {
            var reader = new KafkaReader(bytes);
            reader.ReadArrayCount(compact: false, nullable: false, minimumElementSize: 8);
        });

        Assert.Contains($"needed {int.MaxValue * 8L} bytes, 2 remain", error.Message);
    }
}
