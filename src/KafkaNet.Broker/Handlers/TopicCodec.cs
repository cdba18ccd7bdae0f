using System.Runtime.InteropServices;
using KafkaNet.Broker.Configs;
using KafkaNet.Protocol.Compression;
using KafkaNet.Protocol.Records;

namespace KafkaNet.Broker.Handlers;

/// <summary>The topic's compression.type applied to a produced batch: kept as sent, or re-encoded.</summary>
internal static class TopicCodec
{
    public static Memory<byte> Apply(ReadOnlyMemory<byte> batch, TopicConfigResolver resolver, IReadOnlyDictionary<string, string> overrides, int maxMessageBytes)
    {
        var target = resolver.EffectiveValue(TopicConfigs.Find("compression.type")!, overrides) switch
        {
            "uncompressed" => CompressionCodec.None,
            "gzip" => CompressionCodec.Gzip,
            "snappy" => CompressionCodec.Snappy,
            "lz4" => CompressionCodec.Lz4,
            "zstd" => CompressionCodec.Zstd,
            _ => (CompressionCodec?)null,
        };
        if (target is null || RecordBatchHeader.Read(batch.Span).Compression == target)
        {
            // The request frame is ours until the response is sent: offsets are patched in place.
            return MemoryMarshal.AsMemory(batch);
        }
        // Decompressed data may be larger than the batch; Kafka bounds it by the message size limit too.
        return RecordBatchRecompressor.Recompress(batch, target.Value, Math.Max(maxMessageBytes, 1) * 64);
    }
}
