namespace KafkaNet.Protocol;

/// <summary>Where a zero-copy encoding left out external bytes: after <c>Offset</c> bytes of the written buffer.</summary>
public readonly record struct ExternalSegment(int Offset, ExternalBytes Bytes, int Start, int Length);

/// <summary>The external regions a <see cref="KafkaWriter"/> skipped, in order; their total is <see cref="TotalLength"/>.</summary>
public sealed class ExternalSegments : List<ExternalSegment>
{
    public long TotalLength
    {
        get
        {
            long total = 0;
            foreach (var segment in this)
            {
                total += segment.Length;
            }
            return total;
        }
    }
}
