namespace KafkaNet.Broker.Groups.Consumer;

/// <summary>A protocol (assignor name and opaque metadata) a classic-protocol member supports.</summary>
public sealed record ClassicProtocol(string Name, ReadOnlyMemory<byte> Metadata)
{
    public bool Equals(ClassicProtocol? other)
        => other is not null && Name == other.Name && Metadata.Span.SequenceEqual(other.Metadata.Span);

    public override int GetHashCode() => HashCode.Combine(Name, Metadata.Length);
}
