using KafkaNet.Protocol.Compression;
using KafkaNet.Protocol.Records;

namespace KafkaNet.Benchmarks.Protocol;

/// <summary>Uncompressed v2 batches of 1 KiB records, about the requested size.</summary>
internal static class SampleBatches
{
    public static ReadOnlyMemory<byte> Build(int approximateBytes)
    {
        var builder = new RecordBatchBuilder { Compression = CompressionCodec.None };
        var value = new byte[1024];
        new Random(42).NextBytes(value);
        int records = Math.Max(1, approximateBytes / (value.Length + 16));
        for (int i = 0; i < records; i++)
        {
            builder.Append(1_700_000_000_000 + i, null, value);
        }
        return builder.ToArray();
    }
}
