namespace KafkaNet.Cli.Perf;

/// <summary>
/// The one value every produced record carries. Random letters rather than zeros, so compression
/// codecs are not measured on a trivially compressible input; generated once, so the run measures
/// the producer and broker, not the allocator.
/// </summary>
internal static class Payload
{
    public static byte[] Create(int size, int seed = 0)
    {
        var random = new Random(seed);
        var bytes = new byte[size];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)('A' + random.Next(26));
        }

        return bytes;
    }
}
