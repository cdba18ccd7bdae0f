namespace KafkaNet.Fuzz;

internal static class Hex
{
    /// <summary>Lower-case hex of the first <paramref name="limit"/> bytes, with the total when cut.</summary>
    public static string Of(byte[] bytes, int limit = 1 << 16) =>
        bytes.Length <= limit
            ? Convert.ToHexStringLower(bytes)
            : $"{Convert.ToHexStringLower(bytes.AsSpan(0, limit))}... ({bytes.Length} bytes)";
}
