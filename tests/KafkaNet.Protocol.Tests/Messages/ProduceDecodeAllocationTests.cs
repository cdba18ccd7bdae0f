using KafkaNet.Protocol.Messages;

namespace KafkaNet.Protocol.Tests.Messages;

public class ProduceDecodeAllocationTests
{
    [Fact]
    public void Decoding_a_produce_request_allocates_the_same_for_16KiB_and_1MiB_of_records()
    {
        byte[] small = Encode(16 * 1024);
        byte[] large = Encode(1024 * 1024);
        Decode(small);
        Decode(large);

        long smallBytes = AllocatedBy(() => Decode(small));
        long largeBytes = AllocatedBy(() => Decode(large));

        Assert.Equal(smallBytes, largeBytes);
        Assert.True(smallBytes < 2048, $"decode allocated {smallBytes} bytes");
    }

    [Fact]
    public void Decoded_records_are_a_slice_of_the_frame_not_a_copy()
    {
        byte[] frame = Encode(4096);
        var reader = new KafkaReader(frame);
        var request = ProduceRequest.Read(ref reader, 9);
        var records = request.TopicData[0].PartitionData[0].Records!.Value;
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(records, out var segment));
        Assert.Same(frame, segment.Array);
    }

    private static long AllocatedBy(Action action)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static int Decode(byte[] frame)
    {
        var reader = new KafkaReader(frame);
        return ProduceRequest.Read(ref reader, 9).TopicData.Count;
    }

    private static byte[] Encode(int recordBytes)
    {
        var request = new ProduceRequest { Acks = 1, TimeoutMs = 1000 };
        var topic = new ProduceRequest.TopicProduceData { Name = "orders" };
        topic.PartitionData.Add(new ProduceRequest.PartitionProduceData { Index = 0, Records = new byte[recordBytes] });
        request.TopicData.Add(topic);
        return RoundTripTests.Encode(request, 9);
    }
}
