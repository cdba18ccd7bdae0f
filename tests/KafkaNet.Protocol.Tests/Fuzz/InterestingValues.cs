namespace KafkaNet.Protocol.Tests.Fuzz;

/// <summary>Values that sit on the edges decoders check: zero, minus one, sign bits, type limits.</summary>
internal static class InterestingValues
{
    public static readonly byte[] Int8 = [0x00, 0x01, 0x7F, 0x80, 0xFF];

    public static readonly short[] Int16 = [0, 1, -1, -2, 0x7F, 0x80, 0xFF, short.MaxValue, short.MinValue];

    public static readonly int[] Int32 = [0, 1, -1, -2, 0x7F, 0x80, 0xFF, short.MaxValue, short.MinValue, 0x10000, int.MaxValue, int.MinValue, int.MaxValue - 1];

    public static readonly long[] Int64 = [0, -1, long.MaxValue, long.MinValue, int.MaxValue, int.MinValue];

    /// <summary>Unsigned varints that are too long, too large or overlong encodings of small values.</summary>
    public static readonly byte[][] Varints =
    [
        [0xFF, 0xFF, 0xFF, 0xFF, 0x0F],         // uint.MaxValue
        [0x80, 0x80, 0x80, 0x80, 0x08],         // 2^31, past int.MaxValue
        [0xFF, 0xFF, 0xFF, 0xFF, 0x07],         // int.MaxValue
        [0x80, 0x80, 0x80, 0x80, 0x80, 0x00],   // six bytes
        [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01],
        [0x80],                                 // continuation with nothing after
    ];
}
