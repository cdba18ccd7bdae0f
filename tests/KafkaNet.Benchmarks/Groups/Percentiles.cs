namespace KafkaNet.Benchmarks.Groups;

/// <summary>Nearest-rank percentiles of a set of samples.</summary>
internal static class Percentiles
{
    /// <summary>The sample at or below which <paramref name="percent"/> of the samples fall; NaN when there are none.</summary>
    public static double Of(IReadOnlyCollection<double> samples, double percent)
    {
        if (samples.Count == 0)
        {
            return double.NaN;
        }
        var sorted = samples.Order().ToArray();
        int rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public static double Median(IReadOnlyCollection<double> samples) => Of(samples, 50);
}
