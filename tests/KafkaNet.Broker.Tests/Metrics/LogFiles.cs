using System.Buffers.Binary;
using KafkaNet.Protocol.Records;

namespace KafkaNet.Broker.Tests.Metrics;

/// <summary>What a partition's segment files hold on disk, read by walking their batch headers (not through the log's own counts).</summary>
internal sealed record LogFiles(int Segments, long Batches, long Records, long Bytes)
{
    public static LogFiles Read(string directory)
    {
        var segments = Directory.GetFiles(directory, "*.log");
        long batches = 0;
        long records = 0;
        long bytes = 0;
        foreach (string segment in segments)
        {
            byte[] content;
            using (var file = new FileStream(segment, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            {
                content = new byte[file.Length];
                file.ReadExactly(content);
            }
            int at = 0;
            // Each batch: base offset (8 bytes), then its length (4) counting everything after that field.
            while (content.Length - at >= RecordBatchHeader.RecordCountOffset + 4)
            {
                int size = 12 + BinaryPrimitives.ReadInt32BigEndian(content.AsSpan(at + 8));
                batches++;
                records += BinaryPrimitives.ReadInt32BigEndian(content.AsSpan(at + RecordBatchHeader.RecordCountOffset));
                bytes += size;
                at += size;
            }
            Assert.Equal(content.Length, at);
        }
        return new LogFiles(segments.Length, batches, records, bytes);
    }
}
