using KafkaNet.Broker.Shares;

namespace KafkaNet.Broker.Tests.Shares;

/// <summary>Keys and batches shared by the share-coordinator state tests.</summary>
internal static class ShareStateFixtures
{
    public static readonly Guid Topic = Guid.Parse("6b1c1c52-8a47-4d3e-9a55-1f5b8c2d0e01");

    public static readonly SharePartitionKey Key = new("sg", Topic, 0);

    public static ShareStateBatch B(long first, long last, RecordDeliveryState state, short count) => new(first, last, state, count);

    public static ShareStateRecord ThroughBytes(ShareStateRecord record)
    {
        byte[] key = ShareStateRecordSerde.SerializeKey(record);
        byte[]? value = ShareStateRecordSerde.SerializeValue(record);
        Assert.True(ShareStateRecordSerde.TryDeserialize(key, value, value is null, out var decoded, out string? problem), problem);
        return decoded!;
    }
}
