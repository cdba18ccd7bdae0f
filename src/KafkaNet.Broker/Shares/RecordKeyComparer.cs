namespace KafkaNet.Broker.Shares;

/// <summary>Compares record keys by their bytes, for key-ordered delivery.</summary>
internal sealed class RecordKeyComparer : IEqualityComparer<byte[]>
{
    public static readonly RecordKeyComparer Instance = new();

    public bool Equals(byte[]? x, byte[]? y) => x is null ? y is null : y is not null && x.AsSpan().SequenceEqual(y);

    public int GetHashCode(byte[] key)
    {
        var hash = new HashCode();
        hash.AddBytes(key);
        return hash.ToHashCode();
    }
}
