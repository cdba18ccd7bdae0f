using System.Buffers;
using System.IO.Hashing;

namespace KafkaNet.Protocol.Compression;

/// <summary>Copies decoder output to a destination while enforcing an output ceiling.</summary>
internal static class BoundedOutput
{
    private const int ChunkSize = 64 * 1024;

    /// <summary>Reads <paramref name="decoder"/> to its end; returns the bytes written. Output is also fed to <paramref name="hash"/> if given.</summary>
    /// <exception cref="DecompressionLimitExceededException">The decoder produced more than <paramref name="maxOutputBytes"/>.</exception>
    public static int Drain(Stream decoder, IBufferWriter<byte> destination, int maxOutputBytes, NonCryptographicHashAlgorithm? hash = null)
    {
        int total = 0;
        while (true)
        {
            // Offer one byte beyond the limit so an oversized stream is detected instead of silently cut short.
            int window = (int)Math.Min(ChunkSize, (long)maxOutputBytes - total + 1);
            Span<byte> span = destination.GetSpan(window);
            if (span.Length > window)
            {
                span = span[..window];
            }

            int read = decoder.Read(span);
            if (read == 0)
            {
                return total;
            }

            if (read > maxOutputBytes - total)
            {
                throw new DecompressionLimitExceededException(maxOutputBytes);
            }

            hash?.Append(span[..read]);
            destination.Advance(read);
            total += read;
        }
    }

    /// <summary>Checks a size known up front (e.g. a snappy length prefix) before anything is allocated for it.</summary>
    public static void EnsureRoom(long size, int written, int maxOutputBytes)
    {
        if (size > (long)maxOutputBytes - written)
        {
            throw new DecompressionLimitExceededException(maxOutputBytes);
        }
    }
}
