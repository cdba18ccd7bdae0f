namespace KafkaNet.Fuzz;

/// <summary>Boundary values that tend to break length, offset and count handling.</summary>
internal static class Interesting
{
    public static readonly int[] Ints =
    [
        0, 1, -1, 2, 7, 8, 16, 127, 128, 255, 256, 1000, 1024, 4096, 32767, 32768, 65535, 65536,
        524290, 1 << 20, 1 << 24, int.MaxValue, int.MaxValue - 1, int.MinValue, int.MinValue + 1, -2, -128, -129,
    ];

    public static readonly long[] Longs =
    [
        0, 1, -1, -2, -3, 1000, int.MaxValue, (long)int.MaxValue + 1, uint.MaxValue, long.MaxValue, long.MaxValue - 1,
        long.MinValue, long.MinValue + 1, 1L << 40, -(1L << 40),
    ];

    public static readonly short[] Shorts = [0, 1, -1, 2, 127, 128, 255, 256, short.MaxValue, short.MinValue, -2];

    public static int Int(Random rng) => Ints[rng.Next(Ints.Length)];

    public static long Long(Random rng) => Longs[rng.Next(Longs.Length)];

    public static short Short(Random rng) => Shorts[rng.Next(Shorts.Length)];
}
