namespace KafkaNet.Broker;

/// <summary>Kafka's text form of a UUID (topic, cluster and directory ids): its 16 big-endian bytes in 22 characters of URL-safe base64.</summary>
public static class KafkaUuid
{
    public static string Format(Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static bool TryParse(string? text, out Guid id)
    {
        id = Guid.Empty;
        if (text is null || text.Length != 22)
        {
            return false;
        }
        Span<byte> bytes = stackalloc byte[18];
        if (!Convert.TryFromBase64String(text.Replace('-', '+').Replace('_', '/') + "==", bytes, out int written) || written != 16)
        {
            return false;
        }
        id = new Guid(bytes[..16], bigEndian: true);
        return true;
    }
}
