using System.Diagnostics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace KafkaNet.Protocol.Records;

/// <summary>
/// Arithmetic modulo the CRC-32C polynomial in the bit-reflected form the CRC32 instruction uses. It joins CRCs of
/// adjacent blocks computed independently: the CRC register of <c>a</c> followed by <c>b</c> is the register of
/// <c>a</c> multiplied by x^(8 * length of b), xored with the register of <c>b</c> started from zero.
/// </summary>
internal static class Crc32CShift
{
    /// <summary>The reflected CRC-32C polynomial.</summary>
    public const uint Polynomial = 0x82F63B78;

    // s_powers[i] moves a register over 2^(i + 3) bytes; 2^30 bytes is past any span's length that is a multiple of 8.
    private static readonly uint[] s_powers = BuildPowers();

    public static bool IsSupported => Pclmulqdq.IsSupported && Sse42.X64.IsSupported;

    /// <summary>x^<paramref name="exponent"/> mod P, bit-reflected (bit 31 is x^0).</summary>
    public static uint XPower(int exponent)
    {
        uint value = 0x8000_0000;
        for (int i = 0; i < exponent; i++)
        {
            value = (value >> 1) ^ ((value & 1) * Polynomial);
        }
        return value;
    }

    /// <summary>
    /// a * b * x^33 mod P. With <c>b = ForBytes(n)</c> this is the register <paramref name="a"/> moved over n bytes,
    /// and it composes: <c>Multiply(ForBytes(m), ForBytes(n)) == ForBytes(m + n)</c>.
    /// </summary>
    public static uint Multiply(uint a, uint b)
    {
        // The 63-bit carry-less product, reduced by the CRC32 instruction, which multiplies its operand by x^32.
        ulong product = Pclmulqdq.CarrylessMultiply(Vector128.CreateScalar((ulong)a), Vector128.CreateScalar((ulong)b), 0).ToScalar();
        return (uint)Sse42.X64.Crc32(0UL, product);
    }

    /// <summary>The factor that moves a register over <paramref name="bytes"/> bytes: x^(8 * bytes - 33) mod P.</summary>
    public static uint ForBytes(int bytes)
    {
        Debug.Assert(bytes > 0 && bytes % 8 == 0, "whole 8-byte words only, so every factor's exponent is positive");
        uint factor = 0;
        bool any = false;
        for (int i = 0, words = bytes >> 3; words != 0; i++, words >>= 1)
        {
            if ((words & 1) != 0)
            {
                factor = any ? Multiply(factor, s_powers[i]) : s_powers[i];
                any = true;
            }
        }
        return factor;
    }

    /// <summary>A register moved over <paramref name="bytes"/> zero bytes.</summary>
    public static uint Shift(uint register, int bytes) => Multiply(register, ForBytes(bytes));

    private static uint[] BuildPowers()
    {
        if (!IsSupported)
        {
            return [];
        }
        var powers = new uint[28];
        powers[0] = XPower((8 * 8) - 33);
        for (int i = 1; i < powers.Length; i++)
        {
            powers[i] = Multiply(powers[i - 1], powers[i - 1]);
        }
        return powers;
    }
}
