using System.Buffers.Binary;
using Confluent.Kafka;

namespace KafkaNet.Cli.Perf;

/// <summary>
/// The first 16 bytes of an end-to-end record's value: sequence then send time, both 64-bit
/// little-endian. The rest of the value is filler of the requested size.
/// </summary>
internal sealed class StampedPayload : IDeserializer<Stamp>
{
    public const int StampSize = 16;

    public static readonly StampedPayload Deserializer = new();

    /// <summary>Stamps <paramref name="payload"/> in place: the producer copies the value, so one array serves every record.</summary>
    public static void Write(Span<byte> payload, Stamp stamp)
    {
        BinaryPrimitives.WriteInt64LittleEndian(payload, stamp.Sequence);
        BinaryPrimitives.WriteInt64LittleEndian(payload[8..], stamp.SentAt);
    }

    public static Stamp Read(ReadOnlySpan<byte> payload) => payload.Length < StampSize
        ? Stamp.None
        : new Stamp(BinaryPrimitives.ReadInt64LittleEndian(payload), BinaryPrimitives.ReadInt64LittleEndian(payload[8..]));

    public Stamp Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context) =>
        isNull ? Stamp.None : Read(data);
}
