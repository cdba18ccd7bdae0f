using Confluent.Kafka;

namespace KafkaNet.Cli.Perf;

/// <summary>
/// Turns a key or value into its length: the consumer only counts bytes, so copying each record
/// into a new array would measure the allocator rather than the broker.
/// </summary>
internal sealed class SizeDeserializer : IDeserializer<int>
{
    public static readonly SizeDeserializer Instance = new();

    public int Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context) => isNull ? 0 : data.Length;
}
