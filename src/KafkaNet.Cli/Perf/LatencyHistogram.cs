using System.Numerics;

namespace KafkaNet.Cli.Perf;

/// <summary>
/// Latencies in microseconds, counted in log-linear buckets so memory stays fixed (about 70 KB)
/// however many records a run sends. Values below 512 are exact; above, each power of two is cut
/// into 256 buckets, so a reported percentile is within 0.4% of the true one.
/// Not thread-safe: one thread records (the producer's delivery-report thread).
/// </summary>
internal sealed class LatencyHistogram
{
    private const int SubBucketBits = 8;
    private const int SubBuckets = 1 << SubBucketBits;
    private const int ExactLimit = SubBuckets * 2;

    /// <summary>Above 2^40 µs (12 days) values are clamped: nothing a benchmark measures gets there.</summary>
    private const int MaxExponent = 40;

    private readonly long[] _counts = new long[ExactLimit + ((MaxExponent - SubBucketBits) * SubBuckets)];

    public long Count { get; private set; }

    public long Max { get; private set; }

    public long Sum { get; private set; }

    public double Mean => Count == 0 ? 0 : (double)Sum / Count;

    public void Record(long micros)
    {
        micros = Math.Clamp(micros, 0, (1L << (MaxExponent + 1)) - 1);
        _counts[IndexOf(micros)]++;
        Count++;
        Sum += micros;
        Max = Math.Max(Max, micros);
    }

    /// <summary>
    /// Nearest rank: the smallest recorded value such that at least <paramref name="fraction"/> of
    /// all values are at or below it. Reports the top of its bucket, capped at the maximum seen.
    /// </summary>
    public long Percentile(double fraction)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fraction, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fraction, 1.0);
        if (Count == 0)
        {
            return 0;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(fraction * Count));
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return Math.Min(HighestValueOf(i), Max);
            }
        }

        return Max;
    }

    private static int IndexOf(long value)
    {
        if (value < ExactLimit)
        {
            return (int)value;
        }

        // The top SubBucketBits + 1 bits of the value pick the bucket; the rest is precision dropped.
        var exponent = 63 - BitOperations.LeadingZeroCount((ulong)value);
        var shift = exponent - SubBucketBits;
        var mantissa = (int)(value >> shift);
        return ExactLimit + ((exponent - SubBucketBits - 1) * SubBuckets) + (mantissa - SubBuckets);
    }

    private static long HighestValueOf(int index)
    {
        if (index < ExactLimit)
        {
            return index;
        }

        var offset = index - ExactLimit;
        var shift = (offset / SubBuckets) + 1;
        long mantissa = SubBuckets + (offset % SubBuckets);
        return ((mantissa + 1) << shift) - 1;
    }
}
