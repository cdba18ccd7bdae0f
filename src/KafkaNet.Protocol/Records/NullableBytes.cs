namespace KafkaNet.Protocol.Records;

/// <summary>
/// A byte span that can also be null, since Kafka distinguishes a null key or value from an empty one.
/// Converts implicitly from <see cref="ReadOnlySpan{T}"/> and from <c>byte[]?</c> (null stays null).
/// </summary>
public readonly ref struct NullableBytes
{
    public NullableBytes(ReadOnlySpan<byte> bytes)
    {
        Bytes = bytes;
        IsNull = false;
    }

    private NullableBytes(bool isNull)
    {
        Bytes = default;
        IsNull = isNull;
    }

    public static NullableBytes Null => new(isNull: true);

    public ReadOnlySpan<byte> Bytes { get; }

    public bool IsNull { get; }

    /// <summary>Length as encoded on the wire: -1 for null.</summary>
    public int WireLength => IsNull ? -1 : Bytes.Length;

    public static implicit operator NullableBytes(ReadOnlySpan<byte> bytes) => new(bytes);

    public static implicit operator NullableBytes(byte[]? bytes) => bytes is null ? Null : new(bytes);

    public static NullableBytes FromReadOnlySpan(ReadOnlySpan<byte> bytes) => new(bytes);

    public static NullableBytes FromByteArray(byte[]? bytes) => bytes;
}
