using System.Buffers.Binary;

namespace KafkaNet.Fuzz;

/// <summary>Raw byte mutations of an encoded frame (size prefix included).</summary>
internal static class ByteMutator
{
    public static byte[] Mutate(Random rng, byte[] frame)
    {
        int rounds = rng.Next(1, 4);
        for (int i = 0; i < rounds; i++)
        {
            frame = MutateOnce(rng, frame);
            if (frame.Length < 4 || BinaryPrimitives.ReadInt32BigEndian(frame) != frame.Length - 4)
            {
                break; // framing is broken: nothing after this matters
            }
        }
        return frame;
    }

    private static byte[] MutateOnce(Random rng, byte[] frame)
    {
        var copy = (byte[])frame.Clone();
        int body = copy.Length - 4;
        switch (rng.Next(20))
        {
            case < 5: // bit flips anywhere after the size
                for (int n = rng.Next(1, 5); n > 0 && body > 0; n--)
                {
                    copy[4 + rng.Next(body)] ^= (byte)(1 << rng.Next(8));
                }
                return copy;
            case < 9: // an interesting value over 1, 2 or 4 bytes
                WriteInteresting(rng, copy, 4 + (body > 0 ? rng.Next(body) : 0));
                return copy;
            case < 11: // truncated, size fixed
                return Resized(copy, body == 0 ? 0 : rng.Next(body));
            case 11: // truncated, size left as it was: the broker waits for the rest or sees the end
                return copy[..(4 + (body == 0 ? 0 : rng.Next(body)))];
            case 12: // size inflated
                BinaryPrimitives.WriteInt32BigEndian(copy, rng.Next(3) switch
                {
                    0 => body + rng.Next(1, 1000),
                    1 => Interesting.Int(rng),
                    _ => body + rng.Next(1 << 20),
                });
                return copy;
            case 13: // garbage appended, size fixed
                return Resized([.. copy, .. Garbage(rng, rng.Next(1, 64))], body + 0, appended: true);
            case 14: // bytes inserted in the middle, size fixed
            {
                int at = 4 + (body > 0 ? rng.Next(body) : 0);
                return Fix([.. copy[..at], .. Garbage(rng, rng.Next(1, 16)), .. copy[at..]]);
            }
            case 15: // a chunk removed, size fixed
            {
                if (body < 2)
                {
                    return copy;
                }
                int at = 4 + rng.Next(body - 1);
                int length = rng.Next(1, Math.Min(32, copy.Length - at));
                return Fix([.. copy[..at], .. copy[(at + length)..]]);
            }
            case 16: // header: another API key or version
                if (body >= 4)
                {
                    int at = rng.Next(2) == 0 ? 4 : 6;
                    BinaryPrimitives.WriteInt16BigEndian(copy.AsSpan(at), (short)(rng.Next(3) == 0 ? rng.Next(-2, 100) : rng.Next(0, 20)));
                }
                return copy;
            case 17: // client id length
                if (body >= 10)
                {
                    BinaryPrimitives.WriteInt16BigEndian(copy.AsSpan(12), Interesting.Short(rng));
                }
                return copy;
            case 18: // a 4-byte length or count somewhere set huge or negative
                if (body >= 12)
                {
                    int at = 14 + rng.Next(Math.Max(1, body - 14));
                    if (at + 4 <= copy.Length)
                    {
                        BinaryPrimitives.WriteInt32BigEndian(copy.AsSpan(at), rng.Next(2) == 0 ? -1 : rng.Next(1 << 16, int.MaxValue));
                    }
                }
                return copy;
            default: // the body replaced by garbage after the header
                return body > 14 ? Fix([.. copy[..Math.Min(copy.Length, 4 + 8 + rng.Next(8))], .. Garbage(rng, rng.Next(0, 64))]) : copy;
        }
    }

    private static void WriteInteresting(Random rng, byte[] frame, int at)
    {
        int width = rng.Next(3) switch { 0 => 1, 1 => 2, _ => 4 };
        if (at + width > frame.Length)
        {
            return;
        }
        switch (width)
        {
            case 1: frame[at] = (byte)Interesting.Int(rng); break;
            case 2: BinaryPrimitives.WriteInt16BigEndian(frame.AsSpan(at), Interesting.Short(rng)); break;
            default: BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(at), Interesting.Int(rng)); break;
        }
    }

    private static byte[] Resized(byte[] frame, int bodyLength, bool appended = false) =>
        appended ? Fix(frame) : Fix(frame[..(4 + bodyLength)]);

    private static byte[] Fix(byte[] frame)
    {
        BinaryPrimitives.WriteInt32BigEndian(frame, frame.Length - 4);
        return frame;
    }

    private static byte[] Garbage(Random rng, int length)
    {
        var bytes = new byte[length];
        rng.NextBytes(bytes);
        return bytes;
    }
}
