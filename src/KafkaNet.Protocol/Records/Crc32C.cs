using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

// The benchmarks measure each implementation on its own.
[assembly: InternalsVisibleTo("KafkaNet.Benchmarks")]

namespace KafkaNet.Protocol.Records;

/// <summary>
/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78, initial value and final xor 0xFFFFFFFF), the checksum of
/// v2 record batches. Uses the widest hardware path the processor offers: carry-less multiply folding over 256-bit
/// vectors run side by side with three CRC32 instruction streams, else three CRC32 streams, else one.
/// </summary>
public static class Crc32C
{
    // Below these sizes the set-up and combine of the wider paths cost more than they save.
    private const int FoldMinimum = 256;
    private const int ThreeStreamBlock = 256;

    /// <summary>The CRC-32C of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => ~Update(~0u, data);

    /// <summary>
    /// Continues <paramref name="crc"/>, the CRC-32C of earlier bytes, over <paramref name="data"/>:
    /// <c>Append(Compute(a), b) == Compute(a + b)</c>, and <c>Append(0, b) == Compute(b)</c>.
    /// </summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data) => ~Update(~crc, data);

    /// <summary>Advances the raw CRC register (no initial or final inversion) over <paramref name="data"/>.</summary>
    internal static uint Update(uint register, ReadOnlySpan<byte> data)
    {
        if (Crc32CFolding.IsSupported && data.Length >= FoldMinimum)
        {
            return Crc32CFolding.Update(register, data);
        }
        if (Crc32CShift.IsSupported && data.Length >= 3 * ThreeStreamBlock)
        {
            return ThreeStreams(register, data);
        }
        return Scalar(register, data);
    }

    /// <summary>One CRC32 instruction stream: 8 bytes per instruction, bound by its latency.</summary>
    internal static uint Scalar(uint register, ReadOnlySpan<byte> data)
    {
        ref byte start = ref MemoryMarshal.GetReference(data);
        nuint length = (nuint)data.Length;
        nuint at = 0;
        if (Sse42.X64.IsSupported)
        {
            // A 64-bit register saves the zero extension the 32-bit overload costs on every step.
            ulong wide = register;
            for (; at + 8 <= length; at += 8)
            {
                wide = Sse42.X64.Crc32(wide, Word(ref start, at));
            }
            register = (uint)wide;
        }
        else
        {
            for (; at + 8 <= length; at += 8)
            {
                register = BitOperations.Crc32C(register, Word(ref start, at));
            }
        }
        for (; at < length; at++)
        {
            register = BitOperations.Crc32C(register, Unsafe.Add(ref start, at));
        }
        return register;
    }

    /// <summary>
    /// Three independent CRC32 instruction streams over adjacent blocks, which hides the instruction's latency;
    /// the three results are joined by shifting the earlier ones over the later blocks with carry-less multiplies.
    /// </summary>
    internal static uint ThreeStreams(uint register, ReadOnlySpan<byte> data)
    {
        const int Block = ThreeStreamBlock;
        uint shiftOne = Crc32CShift.ForBytes(Block);
        uint shiftTwo = Crc32CShift.ForBytes(2 * Block);
        uint shiftThree = Crc32CShift.ForBytes(3 * Block);
        ref byte start = ref MemoryMarshal.GetReference(data);
        int at = 0;
        for (; data.Length - at >= 3 * Block; at += 3 * Block)
        {
            ref byte first = ref Unsafe.Add(ref start, at);
            // Every stream starts from zero so the next blocks need not wait for this join.
            ulong a = 0, b = 0, c = 0;
            for (nuint i = 0; i < Block; i += 8)
            {
                a = Sse42.X64.Crc32(a, Word(ref first, i));
                b = Sse42.X64.Crc32(b, Word(ref first, i + Block));
                c = Sse42.X64.Crc32(c, Word(ref first, i + (2 * Block)));
            }
            register = Crc32CShift.Multiply(register, shiftThree) ^ Crc32CShift.Multiply((uint)a, shiftTwo)
                ^ Crc32CShift.Multiply((uint)b, shiftOne) ^ (uint)c;
        }
        return Scalar(register, data[at..]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Word(ref byte start, nuint offset) => Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, offset));
}
