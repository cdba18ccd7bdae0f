using System.Buffers.Binary;

namespace KafkaNet.Protocol.Tests.Fuzz;

/// <summary>
/// Damages valid encodings the ways hostile or broken peers do: flipped bits, edge values written
/// over fields at aligned and unaligned offsets, cuts, inserted and deleted bytes, length and count
/// fields inflated, varints made overlong. Each step is named so a failure says what was done.
/// </summary>
internal static class Mutator
{
    private const int Kinds = 10;

    /// <summary>Applies one to three mutations; <paramref name="steps"/> collects their names.</summary>
    public static byte[] Mutate(byte[] input, Random random, List<string> steps)
    {
        byte[] current = input;
        int count = 1 + random.Next(3);
        for (int i = 0; i < count; i++)
        {
            current = MutateOnce(current, random, steps);
        }
        return current;
    }

    private static byte[] MutateOnce(byte[] input, Random random, List<string> steps)
    {
        if (input.Length == 0)
        {
            steps.Add("insert@0");
            return RandomBytes(random, 1 + random.Next(8));
        }
        switch (random.Next(Kinds))
        {
            case 0:
                return FlipBits(input, random, steps);
            case 1:
            case 2:
                return OverwriteInteresting(input, random, steps);
            case 3:
                int cut = random.Next(input.Length);
                steps.Add($"truncate@{cut}");
                return input[..cut];
            case 4:
                return Insert(input, random, steps);
            case 5:
                return Delete(input, random, steps);
            case 6:
            case 7:
                return InflateLength(input, random, steps);
            case 8:
                return OverlongVarint(input, random, steps);
            default:
                return Splice(input, random, steps);
        }
    }

    private static byte[] FlipBits(byte[] input, Random random, List<string> steps)
    {
        var output = (byte[])input.Clone();
        int flips = 1 + random.Next(4);
        for (int i = 0; i < flips; i++)
        {
            int bit = random.Next(output.Length * 8);
            output[bit / 8] ^= (byte)(1 << (bit % 8));
            steps.Add($"flip@{bit / 8}.{bit % 8}");
        }
        return output;
    }

    /// <summary>Half the time at an offset aligned to the value's width, half the time anywhere.</summary>
    private static byte[] OverwriteInteresting(byte[] input, Random random, List<string> steps)
    {
        int width = random.Next(4) switch { 0 => 1, 1 => 2, 2 => 4, _ => 8 };
        if (input.Length < width)
        {
            width = 1;
        }
        int position = random.Next(input.Length - width + 1);
        if (random.Next(2) == 0)
        {
            position -= position % width;
        }
        var output = (byte[])input.Clone();
        var target = output.AsSpan(position, width);
        switch (width)
        {
            case 1:
                target[0] = Pick(random, InterestingValues.Int8);
                break;
            case 2:
                BinaryPrimitives.WriteInt16BigEndian(target, Pick(random, InterestingValues.Int16));
                break;
            case 4:
                BinaryPrimitives.WriteInt32BigEndian(target, Pick(random, InterestingValues.Int32));
                break;
            default:
                BinaryPrimitives.WriteInt64BigEndian(target, Pick(random, InterestingValues.Int64));
                break;
        }
        steps.Add($"set{width * 8}@{position}={Convert.ToHexString(target)}");
        return output;
    }

    private static byte[] Insert(byte[] input, Random random, List<string> steps)
    {
        int position = random.Next(input.Length + 1);
        byte[] inserted = random.Next(2) == 0 ? RandomBytes(random, 1 + random.Next(8)) : [Pick(random, InterestingValues.Int8)];
        steps.Add($"insert@{position}={Convert.ToHexString(inserted)}");
        return [.. input.AsSpan(0, position), .. inserted, .. input.AsSpan(position)];
    }

    private static byte[] Delete(byte[] input, Random random, List<string> steps)
    {
        int position = random.Next(input.Length);
        int length = Math.Min(1 + random.Next(8), input.Length - position);
        steps.Add($"delete@{position}+{length}");
        return [.. input.AsSpan(0, position), .. input.AsSpan(position + length)];
    }

    /// <summary>
    /// Finds a value that looks like a length or count (an int16, int32 or one-byte varint no larger
    /// than what follows it) and makes it claim more than there is, or an edge value.
    /// </summary>
    private static byte[] InflateLength(byte[] input, Random random, List<string> steps)
    {
        var output = (byte[])input.Clone();
        for (int attempt = 0; attempt < 16; attempt++)
        {
            int width = random.Next(3) switch { 0 => 1, 1 => 2, _ => 4 };
            if (input.Length < width)
            {
                break;
            }
            int position = random.Next(input.Length - width + 1);
            int following = input.Length - position - width;
            var target = output.AsSpan(position, width);
            long value = width switch
            {
                1 => target[0],
                2 => BinaryPrimitives.ReadInt16BigEndian(target),
                _ => BinaryPrimitives.ReadInt32BigEndian(target),
            };
            if (value < 0 || value > following + 1 || (width == 1 && value >= 0x80))
            {
                continue;
            }
            long inflated = random.Next(4) switch
            {
                0 => following + 1 + random.Next(4),
                1 => value * 2 + 1,
                2 => width == 2 ? short.MaxValue : int.MaxValue,
                _ => value + 1,
            };
            switch (width)
            {
                case 1:
                    // A one-byte varint grows into a longer varint, shifting what follows.
                    byte[] varint = EncodeVarint((uint)Math.Min(inflated, int.MaxValue));
                    steps.Add($"inflate-varint@{position}:{value}->{Convert.ToHexString(varint)}");
                    return [.. input.AsSpan(0, position), .. varint, .. input.AsSpan(position + 1)];
                case 2:
                    BinaryPrimitives.WriteInt16BigEndian(target, (short)Math.Min(inflated, short.MaxValue));
                    break;
                default:
                    BinaryPrimitives.WriteInt32BigEndian(target, (int)Math.Min(inflated, int.MaxValue));
                    break;
            }
            steps.Add($"inflate{width * 8}@{position}:{value}->{Convert.ToHexString(target)}");
            return output;
        }
        return OverwriteInteresting(input, random, steps);
    }

    /// <summary>Replaces a byte that reads as a one-byte varint with an overlong or out-of-range varint.</summary>
    private static byte[] OverlongVarint(byte[] input, Random random, List<string> steps)
    {
        int position = random.Next(input.Length);
        byte original = input[position];
        byte[] replacement;
        if (original < 0x80 && random.Next(2) == 0)
        {
            // The same value with redundant continuation bytes: 2 to 6 bytes long.
            int length = 2 + random.Next(5);
            replacement = new byte[length];
            replacement[0] = (byte)(original | 0x80);
            for (int i = 1; i < length - 1; i++)
            {
                replacement[i] = 0x80;
            }
            replacement[^1] = 0x00;
        }
        else
        {
            replacement = Pick(random, InterestingValues.Varints);
        }
        steps.Add($"varint@{position}={Convert.ToHexString(replacement)}");
        return [.. input.AsSpan(0, position), .. replacement, .. input.AsSpan(position + 1)];
    }

    /// <summary>Copies a run of the input elsewhere in it, which repeats array elements and fields.</summary>
    private static byte[] Splice(byte[] input, Random random, List<string> steps)
    {
        int from = random.Next(input.Length);
        int length = 1 + random.Next(Math.Min(32, input.Length - from));
        int to = random.Next(input.Length + 1);
        steps.Add($"splice@{from}+{length}->{to}");
        return [.. input.AsSpan(0, to), .. input.AsSpan(from, length), .. input.AsSpan(to)];
    }

    private static byte[] EncodeVarint(uint value)
    {
        var bytes = new List<byte>(5);
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }
        bytes.Add((byte)value);
        return [.. bytes];
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static T Pick<T>(Random random, T[] values) => values[random.Next(values.Length)];
}
