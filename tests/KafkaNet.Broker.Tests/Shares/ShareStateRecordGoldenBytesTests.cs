using KafkaNet.Broker.Shares;
using KafkaNet.Protocol.Messages;
using static KafkaNet.Broker.Tests.Shares.ShareStateFixtures;

namespace KafkaNet.Broker.Tests.Shares;

public sealed class ShareStateRecordGoldenBytesTests
{
    private const string KeyTail = "0002" + "7367" + "6b1c1c528a474d3e9a551f5b8c2d0e01" + "00000000";

    [Fact]
    public void An_update_record_is_its_type_and_key_then_version_and_a_flexible_value()
    {
        var value = new ShareUpdateValue { SnapshotEpoch = 1, LeaderEpoch = 2, StartOffset = 5 };
        value.StateBatches.Add(new ShareUpdateValue.StateBatch { FirstOffset = 5, LastOffset = 6, DeliveryState = 2, DeliveryCount = 1 });
        var record = ShareStateRecord.ForUpdate(Key, value);

        Assert.Equal("0001" + KeyTail, Convert.ToHexStringLower(ShareStateRecordSerde.SerializeKey(record)));
        Assert.Equal(
            "0000" + "0001" + "00000002" + "0000000000000005" +
            "02" + "0000000000000005" + "0000000000000006" + "02" + "0001" + "00" + "00",
            Convert.ToHexStringLower(ShareStateRecordSerde.SerializeValue(record)!));
    }

    [Fact]
    public void A_snapshot_tombstone_has_the_snapshot_type_and_no_value()
    {
        var record = ShareStateRecord.Tombstone(ShareStateRecordType.ShareSnapshot, Key);

        Assert.Equal("0000" + KeyTail, Convert.ToHexStringLower(ShareStateRecordSerde.SerializeKey(record)));
        Assert.Null(ShareStateRecordSerde.SerializeValue(record));
    }
}
