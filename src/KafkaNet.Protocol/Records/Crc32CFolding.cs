using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace KafkaNet.Protocol.Records;

/// <summary>
/// CRC-32C by carry-less multiply folding over 256-bit vectors (VPCLMULQDQ), interleaved with three CRC32
/// instruction streams: the two use different execution units, so together they beat either alone.
/// </summary>
/// <remarks>
/// A 128-bit lane holding message bits is a polynomial whose first bit has the highest degree. Folding it forward
/// by d bits multiplies its two 64-bit halves by x^(d+64) and x^d mod P (stored as x^(d+63) and x^(d-1) because the
/// product of two reflected 64-bit values comes out one degree short) and xors the next lane in. The final lane is
/// reduced to a CRC register by two CRC32 instructions, which compute (register * x^64 + data * x^32) mod P.
/// </remarks>
internal static class Crc32CFolding
{
    private const int VectorBlock = 128;

    // Each loop step folds 128 bytes and feeds each of the three streams six 8-byte words (written out below),
    // which keeps the CRC32 unit about as busy as the multiplier; four to eight words measured alike.
    private const int StreamStep = 6 * 8;
    private const int Step = VectorBlock + (3 * StreamStep);

    // Fewer steps than this and the fixed cost of joining the streams outweighs their gain.
    private const int MinimumSteps = 8;

    // Longer inputs go through in pieces, so the join factors of every piece size fit one small table.
    private const int MaximumSteps = 240;

    private static readonly Vector256<ulong> s_fold1024 = Both(FoldFactors(1024));
    private static readonly Vector256<ulong> s_fold256 = Both(FoldFactors(256));
    private static readonly Vector128<ulong> s_fold128 = FoldFactors(128);

    // For a piece of n steps, the factors that move a register over one, two and three stream lengths.
    private static readonly uint[] s_joinFactors = BuildJoinFactors();

    public static bool IsSupported => Pclmulqdq.V256.IsSupported && Crc32CShift.IsSupported;

    /// <summary>Advances the raw CRC register over <paramref name="data"/>; meant for a few hundred bytes or more.</summary>
    public static uint Update(uint register, ReadOnlySpan<byte> data)
    {
        while (data.Length >= VectorBlock + (MinimumSteps * Step))
        {
            int steps = Math.Min(MaximumSteps, (data.Length - VectorBlock) / Step);
            register = Interleaved(register, data, steps);
            data = data[(VectorBlock + (steps * Step))..];
        }
        return data.Length >= VectorBlock ? Fold(register, data) : Crc32C.Scalar(register, data);
    }

    /// <summary>
    /// Folds the first 128 + steps * 128 bytes while three CRC32 streams take the rest of the first
    /// 128 + steps * Step bytes in equal thirds; then joins the four results.
    /// </summary>
    private static uint Interleaved(uint register, ReadOnlySpan<byte> data, int steps)
    {
        nuint vectorLength = VectorBlock + ((nuint)steps * VectorBlock);
        nuint streamLength = (nuint)steps * StreamStep;
        ref byte start = ref MemoryMarshal.GetReference(data);
        ref byte streamA = ref Unsafe.Add(ref start, vectorLength);
        ref byte streamB = ref Unsafe.Add(ref streamA, streamLength);
        ref byte streamC = ref Unsafe.Add(ref streamB, streamLength);
        ulong a = 0, b = 0, c = 0;
        var lanes = new Lanes(ref start, register);
        nuint at = VectorBlock;
        for (nuint word = 0; word < streamLength; word += StreamStep, at += VectorBlock)
        {
            lanes.Fold(ref start, at);
            // Written out: the JIT does not unroll loops, and the streams must interleave to hide the latency.
            a = Sse42.X64.Crc32(a, Crc32C.Word(ref streamA, word));
            b = Sse42.X64.Crc32(b, Crc32C.Word(ref streamB, word));
            c = Sse42.X64.Crc32(c, Crc32C.Word(ref streamC, word));
            a = Sse42.X64.Crc32(a, Crc32C.Word(ref streamA, word + 8));
            b = Sse42.X64.Crc32(b, Crc32C.Word(ref streamB, word + 8));
            c = Sse42.X64.Crc32(c, Crc32C.Word(ref streamC, word + 8));
            a = Sse42.X64.Crc32(a, Crc32C.Word(ref streamA, word + 16));
            b = Sse42.X64.Crc32(b, Crc32C.Word(ref streamB, word + 16));
            c = Sse42.X64.Crc32(c, Crc32C.Word(ref streamC, word + 16));
            a = Sse42.X64.Crc32(a, Crc32C.Word(ref streamA, word + 24));
            b = Sse42.X64.Crc32(b, Crc32C.Word(ref streamB, word + 24));
            c = Sse42.X64.Crc32(c, Crc32C.Word(ref streamC, word + 24));
            a = Sse42.X64.Crc32(a, Crc32C.Word(ref streamA, word + 32));
            b = Sse42.X64.Crc32(b, Crc32C.Word(ref streamB, word + 32));
            c = Sse42.X64.Crc32(c, Crc32C.Word(ref streamC, word + 32));
            a = Sse42.X64.Crc32(a, Crc32C.Word(ref streamA, word + 40));
            b = Sse42.X64.Crc32(b, Crc32C.Word(ref streamB, word + 40));
            c = Sse42.X64.Crc32(c, Crc32C.Word(ref streamC, word + 40));
        }
        uint folded = Reduce(lanes.Reduce());
        int join = 3 * steps;
        return Crc32CShift.Multiply(folded, s_joinFactors[join + 2])
            ^ Crc32CShift.Multiply((uint)a, s_joinFactors[join + 1])
            ^ Crc32CShift.Multiply((uint)b, s_joinFactors[join])
            ^ (uint)c;
    }

    /// <summary>Folding alone, for inputs too short to split into streams; at least 128 bytes.</summary>
    internal static uint Fold(uint register, ReadOnlySpan<byte> data)
    {
        ref byte start = ref MemoryMarshal.GetReference(data);
        nuint length = (nuint)data.Length;
        var lanes = new Lanes(ref start, register);
        nuint at = VectorBlock;
        for (; at + VectorBlock <= length; at += VectorBlock)
        {
            lanes.Fold(ref start, at);
        }
        Vector128<ulong> lane = lanes.Reduce();
        for (; at + 16 <= length; at += 16)
        {
            lane = Fold(lane, s_fold128) ^ Vector128.LoadUnsafe(ref start, at).AsUInt64();
        }
        return Crc32C.Scalar(Reduce(lane), data[(int)at..]);
    }

    /// <summary>The CRC register of a lane: its value times x^32 mod P.</summary>
    private static uint Reduce(Vector128<ulong> lane) =>
        (uint)Sse42.X64.Crc32(Sse42.X64.Crc32(0UL, lane.GetElement(0)), lane.GetElement(1));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Fold(Vector256<ulong> value, Vector256<ulong> factors) =>
        Pclmulqdq.V256.CarrylessMultiply(value, factors, 0x00) ^ Pclmulqdq.V256.CarrylessMultiply(value, factors, 0x11);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Fold(Vector128<ulong> value, Vector128<ulong> factors) =>
        Pclmulqdq.CarrylessMultiply(value, factors, 0x00) ^ Pclmulqdq.CarrylessMultiply(value, factors, 0x11);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Load(ref byte start, nuint offset) => Vector256.LoadUnsafe(ref start, offset).AsUInt64();

    /// <summary>Four 32-byte accumulators over consecutive bytes, each folded forward by 128 bytes per step.</summary>
    private struct Lanes
    {
        private Vector256<ulong> _y0;
        private Vector256<ulong> _y1;
        private Vector256<ulong> _y2;
        private Vector256<ulong> _y3;

        /// <summary>Starts on the first 128 bytes, the register xored into the first four.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Lanes(ref byte start, uint register)
        {
            _y0 = Load(ref start, 0) ^ Vector256.CreateScalar((ulong)register);
            _y1 = Load(ref start, 32);
            _y2 = Load(ref start, 64);
            _y3 = Load(ref start, 96);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Fold(ref byte start, nuint at)
        {
            Vector256<ulong> factors = s_fold1024;
            _y0 = Crc32CFolding.Fold(_y0, factors) ^ Load(ref start, at);
            _y1 = Crc32CFolding.Fold(_y1, factors) ^ Load(ref start, at + 32);
            _y2 = Crc32CFolding.Fold(_y2, factors) ^ Load(ref start, at + 64);
            _y3 = Crc32CFolding.Fold(_y3, factors) ^ Load(ref start, at + 96);
        }

        /// <summary>Folds the four accumulators into the lane of the last 16 bytes.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly Vector128<ulong> Reduce()
        {
            Vector256<ulong> factors = s_fold256;
            Vector256<ulong> y = Crc32CFolding.Fold(Crc32CFolding.Fold(Crc32CFolding.Fold(_y0, factors) ^ _y1, factors) ^ _y2, factors) ^ _y3;
            return Crc32CFolding.Fold(y.GetLower(), s_fold128) ^ y.GetUpper();
        }
    }

    /// <summary>Factors that fold a lane forward by <paramref name="bits"/>: low half by x^(bits+64), high half by x^bits.</summary>
    private static Vector128<ulong> FoldFactors(int bits) =>
        Vector128.Create((ulong)Crc32CShift.XPower(bits + 63) << 32, (ulong)Crc32CShift.XPower(bits - 1) << 32);

    private static Vector256<ulong> Both(Vector128<ulong> lane) => Vector256.Create(lane, lane);

    private static uint[] BuildJoinFactors()
    {
        if (!IsSupported)
        {
            return [];
        }
        var factors = new uint[3 * (MaximumSteps + 1)];
        for (int steps = MinimumSteps; steps <= MaximumSteps; steps++)
        {
            uint one = Crc32CShift.ForBytes(steps * StreamStep);
            uint two = Crc32CShift.Multiply(one, one);
            factors[3 * steps] = one;
            factors[(3 * steps) + 1] = two;
            factors[(3 * steps) + 2] = Crc32CShift.Multiply(two, one);
        }
        return factors;
    }
}
