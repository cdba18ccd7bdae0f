using System.Buffers;
using KafkaNet.Broker.Network;

namespace KafkaNet.Broker.Tests.Network;

public sealed class FrameBufferTests
{
    [Fact]
    public void Receive_space_never_reaches_past_the_end_of_the_frame()
    {
        using var frame = new FrameBuffer(100);
        Assert.Equal(100, frame.GetReceiveSpace().Length);
        frame.Advance(60);
        Assert.Equal(40, frame.GetReceiveSpace().Length);
        frame.Advance(40);
        Assert.True(frame.IsComplete);
        Assert.Equal(0, frame.GetReceiveSpace().Length);
    }

    [Fact]
    public void A_huge_announced_frame_takes_memory_only_as_its_bytes_arrive()
    {
        using var frame = new FrameBuffer(100 * 1024 * 1024);
        var first = frame.GetReceiveSpace();
        Assert.Equal(64 * 1024, first.Length);
        frame.Advance(first.Length);
        // 64 KB arrived: the next receive may take up to 1 MB, not the 100 MB announced.
        Assert.Equal(1024 * 1024 - 64 * 1024, frame.GetReceiveSpace().Length);
    }

    [Fact]
    public void Bytes_received_and_appended_keep_their_order_across_growth()
    {
        var expected = new byte[200_000];
        Random.Shared.NextBytes(expected);
        using var frame = new FrameBuffer(expected.Length);
        Assert.Equal(1000, frame.Append(new ReadOnlySequence<byte>(expected, 0, 1000)));
        while (!frame.IsComplete)
        {
            var space = frame.GetReceiveSpace();
            int take = Math.Min(space.Length, 50_000);
            expected.AsSpan(frame.Filled, take).CopyTo(space.Span);
            frame.Advance(take);
        }
        Assert.True(frame.Memory.Span.SequenceEqual(expected));
    }
}
