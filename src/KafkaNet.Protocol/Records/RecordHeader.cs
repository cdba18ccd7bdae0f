using System.Text;

namespace KafkaNet.Protocol.Records;

/// <summary>One record header as a view into the batch: a UTF-8 key and a nullable value.</summary>
public readonly ref struct RecordHeader
{
    public RecordHeader(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, bool isValueNull)
    {
        Key = key;
        Value = value;
        IsValueNull = isValueNull;
    }

    /// <summary>UTF-8 bytes of the header key; header keys are never null.</summary>
    public ReadOnlySpan<byte> Key { get; }

    public ReadOnlySpan<byte> Value { get; }

    public bool IsValueNull { get; }

    /// <summary>Decodes the key; allocates, so keep it off hot paths.</summary>
    public string GetKeyString() => Encoding.UTF8.GetString(Key);
}
