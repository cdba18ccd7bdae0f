using System.IO.Hashing;
using System.Text;
using KafkaNet.Protocol.Records;

namespace KafkaNet.Protocol.Tests.Records;

public class Crc32CTests
{
    /// <summary>Every implementation this processor can run; the public entry point picks among them by length.</summary>
    public static TheoryData<string> Paths()
    {
        var paths = new TheoryData<string> { "dispatch", "scalar" };
        if (Crc32CShift.IsSupported)
        {
            paths.Add("three-streams");
        }
        if (Crc32CFolding.IsSupported)
        {
            paths.Add("folding");
        }
        return paths;
    }

    [Fact]
    public void Check_string_gives_the_published_check_value()
    {
        Assert.Equal(0xE3069283u, Crc32C.Compute(Encoding.ASCII.GetBytes("123456789")));
    }

    [Fact]
    public void Empty_input_gives_zero()
    {
        Assert.Equal(0u, Crc32C.Compute([]));
    }

    [Theory]
    [InlineData(0x00, 0x8A9136AAu)]
    [InlineData(0xFF, 0x62A8AB43u)]
    public void Thirty_two_equal_bytes_give_the_iscsi_test_values(byte fill, uint expected)
    {
        byte[] data = new byte[32];
        Array.Fill(data, fill);

        Assert.Equal(expected, Crc32C.Compute(data));
    }

    [Fact]
    public void Thirty_two_counting_bytes_give_the_iscsi_test_values()
    {
        byte[] up = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];
        byte[] down = [.. up.Reverse()];

        Assert.Equal(0x46DD794Eu, Crc32C.Compute(up));
        Assert.Equal(0x113FDB5Cu, Crc32C.Compute(down));
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Every_length_up_to_a_few_kilobytes_matches_the_reference_at_any_alignment(string path)
    {
        byte[] data = RandomBytes(6000, seed: 1);
        for (int length = 0; length <= 5000; length++)
        {
            int start = length % 64;
            ReadOnlySpan<byte> slice = data.AsSpan(start, length);
            Assert.Equal(Reference(slice), Run(path, slice));
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Random_lengths_up_to_several_megabytes_match_the_reference(string path)
    {
        byte[] data = RandomBytes(6 << 20, seed: 2);
        var random = new Random(3);
        for (int i = 0; i < 40; i++)
        {
            int start = random.Next(64);
            int length = random.Next(data.Length - start);
            ReadOnlySpan<byte> slice = data.AsSpan(start, length);
            Assert.Equal(Reference(slice), Run(path, slice));
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Lengths_at_the_edges_of_the_interleaved_pieces_match_the_reference(string path)
    {
        // The interleaved path needs 128 + 8 * 272 bytes and handles at most 128 + 240 * 272 per piece.
        byte[] data = RandomBytes(200_000, seed: 4);
        foreach (int edge in new[] { 128 + (8 * 272), 128 + (240 * 272), 2 * (128 + (240 * 272)), 768, 1536 })
        {
            for (int length = edge - 17; length <= edge + 17; length++)
            {
                ReadOnlySpan<byte> slice = data.AsSpan(1, length);
                Assert.Equal(Reference(slice), Run(path, slice));
            }
        }
    }

    [Fact]
    public void Append_continues_a_crc_across_any_split()
    {
        byte[] data = RandomBytes(100_000, seed: 5);
        uint whole = Crc32C.Compute(data);
        var random = new Random(6);
        for (int i = 0; i < 200; i++)
        {
            int split = i < 100 ? i : random.Next(data.Length + 1);
            Assert.Equal(whole, Crc32C.Append(Crc32C.Compute(data.AsSpan(0, split)), data.AsSpan(split)));
        }
    }

    [Fact]
    public void Append_to_zero_is_compute()
    {
        byte[] data = Encoding.ASCII.GetBytes("123456789");

        Assert.Equal(Crc32C.Compute(data), Crc32C.Append(0, data));
    }

    [CarrylessMultiplyFact]
    public void Shift_equals_running_the_register_over_zero_bytes()
    {
        var random = new Random(7);
        byte[] zeros = new byte[70_000];
        for (int i = 0; i < 50; i++)
        {
            uint register = (uint)random.NextInt64(1L << 32);
            int bytes = 8 * (1 + random.Next(zeros.Length / 8));
            Assert.Equal(Crc32C.Scalar(register, zeros.AsSpan(0, bytes)), Crc32CShift.Shift(register, bytes));
        }
    }

    private static uint Run(string path, ReadOnlySpan<byte> data) => path switch
    {
        "scalar" => ~Crc32C.Scalar(~0u, data),
        "three-streams" => ~Crc32C.ThreeStreams(~0u, data),
        "folding" when data.Length >= 128 => ~Crc32CFolding.Update(~0u, data),
        _ => Crc32C.Compute(data),
    };

    private static uint Reference(ReadOnlySpan<byte> data) => Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, data);

    private static byte[] RandomBytes(int length, int seed)
    {
        byte[] bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
