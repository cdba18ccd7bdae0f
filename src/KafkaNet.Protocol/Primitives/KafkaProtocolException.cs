namespace KafkaNet.Protocol;

/// <summary>
/// Bytes that do not decode as the protocol says, or a value that cannot be encoded.
/// Thrown only on cold paths; the connection layer answers it by closing the connection.
/// </summary>
public sealed class KafkaProtocolException : Exception
{
    public KafkaProtocolException()
    {
    }

    public KafkaProtocolException(string message)
        : base(message)
    {
    }

    public KafkaProtocolException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public static KafkaProtocolException Truncated(long needed, int remaining) =>
        new($"message truncated: needed {needed} bytes, {remaining} remain");

    public static KafkaProtocolException UnsupportedVersion(string message, short version) =>
        new($"{message} has no version {version}");

    public static KafkaProtocolException UnknownApiKey(short apiKey) => new($"unknown API key {apiKey}");

    public static KafkaProtocolException NullValue(string field, short version) =>
        new($"{field} cannot be null in version {version}");

    public static KafkaProtocolException Malformed(string what) => new(what);
}
