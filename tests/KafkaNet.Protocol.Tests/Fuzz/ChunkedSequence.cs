using System.Buffers;

namespace KafkaNet.Protocol.Tests.Fuzz;

/// <summary>Bytes as a sequence of several segments, the way a socket delivers them in pieces.</summary>
internal sealed class ChunkedSequence : ReadOnlySequenceSegment<byte>
{
    private ChunkedSequence(ReadOnlyMemory<byte> memory, long runningIndex)
    {
        Memory = memory;
        RunningIndex = runningIndex;
    }

    /// <summary>Splits <paramref name="bytes"/> at the given offsets (ascending, inside the array).</summary>
    public static ReadOnlySequence<byte> Split(byte[] bytes, IReadOnlyList<int> cuts)
    {
        if (cuts.Count == 0)
        {
            return new ReadOnlySequence<byte>(bytes);
        }
        var first = new ChunkedSequence(bytes.AsMemory(0, cuts[0]), 0);
        var last = first;
        for (int i = 0; i < cuts.Count; i++)
        {
            int end = i + 1 < cuts.Count ? cuts[i + 1] : bytes.Length;
            var next = new ChunkedSequence(bytes.AsMemory(cuts[i], end - cuts[i]), cuts[i]);
            last.Next = next;
            last = next;
        }
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }
}
