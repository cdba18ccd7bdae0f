namespace KafkaNet.Protocol;

/// <summary>A tagged field this version does not know: its tag and its bytes, a slice of the input.</summary>
public readonly record struct RawTaggedField(int Tag, ReadOnlyMemory<byte> Data)
{
    public int WireSize => KafkaSizes.UnsignedVarInt(Tag) + KafkaSizes.UnsignedVarInt(Data.Length) + Data.Length;
}
