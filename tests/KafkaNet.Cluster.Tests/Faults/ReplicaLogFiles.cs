using System.Buffers.Binary;
using KafkaNet.Storage;

namespace KafkaNet.Cluster.Tests.Faults;

/// <summary>
/// Reads a partition's record batches straight from a stopped node's segment files, byte for byte, so replicas can be
/// compared without going through any broker code path (followers store the leader's batches unchanged).
/// </summary>
internal static class ReplicaLogFiles
{
    private const int LogOverhead = 12; // base offset (8) + batch length (4)
    private const int LastOffsetDeltaPosition = 23;

    /// <summary>The batches whose base offset is below <paramref name="highWatermark"/>, in log order.</summary>
    public static List<(long BaseOffset, long LastOffset, byte[] Bytes)> BatchesBelow(string dataDirectory, string topic, int partition, long highWatermark)
    {
        string dir = Path.Combine(dataDirectory, $"{topic}-{partition}");
        var segments = Directory.GetFiles(dir, "*" + LogFileNames.LogSuffix)
            .Select(f => (File: f, Ok: LogFileNames.TryParseBaseOffset(Path.GetFileName(f), out long b), Base: b))
            .Where(s => s.Ok).OrderBy(s => s.Base).ToList();
        var batches = new List<(long, long, byte[])>();
        foreach (var segment in segments)
        {
            byte[] bytes = File.ReadAllBytes(segment.File);
            int position = 0;
            while (position + LogOverhead <= bytes.Length)
            {
                long baseOffset = BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(position));
                int length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(position + 8));
                if (length <= 0 || position + LogOverhead + length > bytes.Length || baseOffset >= highWatermark)
                    break; // preallocated zeros, a torn tail, or above the watermark
                int lastDelta = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(position + LastOffsetDeltaPosition));
                batches.Add((baseOffset, baseOffset + lastDelta, bytes.AsSpan(position, LogOverhead + length).ToArray()));
                position += LogOverhead + length;
            }
        }
        return batches;
    }
}
