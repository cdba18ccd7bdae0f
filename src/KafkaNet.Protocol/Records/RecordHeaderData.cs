using System.Text;

namespace KafkaNet.Protocol.Records;

/// <summary>A header to write: UTF-8 key bytes and an optional value.</summary>
public readonly struct RecordHeaderData
{
    public RecordHeaderData(ReadOnlyMemory<byte> key, ReadOnlyMemory<byte>? value)
    {
        Key = key;
        Value = value;
    }

    /// <summary>Encodes <paramref name="key"/> as UTF-8; allocates, so prefer the byte overload on hot paths.</summary>
    public RecordHeaderData(string key, ReadOnlyMemory<byte>? value)
        : this(Encoding.UTF8.GetBytes(key), value)
    {
    }

    public ReadOnlyMemory<byte> Key { get; }

    /// <summary>Null encodes as length -1.</summary>
    public ReadOnlyMemory<byte>? Value { get; }
}
