using KafkaNet.Protocol.Messages;

namespace KafkaNet.Protocol.Metadata;

/// <summary>One record of the cluster metadata log: a generated metadata message and the version it is written at.</summary>
public readonly record struct MetadataRecord(IKafkaMessage Message, short Version)
{
    /// <summary>The record type of <see cref="Message"/>, or -1 when it is not a metadata record.</summary>
    public short Type => MetadataRecordTable.TypeOf(Message);

    /// <summary>A record at the highest version its type has.</summary>
    public static MetadataRecord Latest(IKafkaMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        short type = MetadataRecordTable.TypeOf(message);
        if (!MetadataRecordTable.TryGetVersions(type, out _, out short highest))
        {
            throw new ArgumentException($"{message.GetType().Name} is not a metadata record", nameof(message));
        }
        return new MetadataRecord(message, highest);
    }
}
