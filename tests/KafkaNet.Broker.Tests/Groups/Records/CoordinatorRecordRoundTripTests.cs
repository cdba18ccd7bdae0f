using KafkaNet.Broker.Groups.Records;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Groups.Records;

public class CoordinatorRecordRoundTripTests
{
    public static TheoryData<string> RecordNames() => new(SampleRecords.WithValues().Select(r => r.Name));

    public static TheoryData<string> TombstoneNames() => new(SampleRecords.Tombstones().Select(r => r.Name));

    [Theory]
    [MemberData(nameof(RecordNames))]
    public void Every_record_type_decodes_to_the_same_type_version_and_bytes(string name)
    {
        var record = SampleRecords.WithValues().Single(r => r.Name == name).Record;
        byte[] key = CoordinatorRecordSerde.SerializeKey(record);
        byte[] value = CoordinatorRecordSerde.SerializeValue(record)!;

        Assert.True(CoordinatorRecordSerde.TryDeserialize(key, value, valueIsNull: false, out var decoded, out string? problem), problem);

        Assert.NotNull(decoded);
        Assert.Equal(record.Type, decoded.Type);
        Assert.Equal(record.ValueVersion, decoded.ValueVersion);
        Assert.IsType(record.Key.GetType(), decoded.Key);
        Assert.IsType(record.Value!.GetType(), decoded.Value);
        Assert.Equal(key, CoordinatorRecordSerde.SerializeKey(decoded));
        Assert.Equal(value, CoordinatorRecordSerde.SerializeValue(decoded));
    }

    [Theory]
    [MemberData(nameof(TombstoneNames))]
    public void Every_tombstone_has_no_value_bytes_and_decodes_as_a_tombstone(string name)
    {
        var record = SampleRecords.Tombstones().Single(r => r.Name == name).Record;
        byte[] key = CoordinatorRecordSerde.SerializeKey(record);

        Assert.Null(CoordinatorRecordSerde.SerializeValue(record));
        Assert.True(CoordinatorRecordSerde.TryDeserialize(key, default, valueIsNull: true, out var decoded, out string? problem), problem);

        Assert.NotNull(decoded);
        Assert.True(decoded.IsTombstone);
        Assert.Equal(record.Type, decoded.Type);
        Assert.Equal(key, CoordinatorRecordSerde.SerializeKey(decoded));
    }

    [Fact]
    public void The_samples_cover_every_record_type_with_a_value_and_a_tombstone()
    {
        var all = Enum.GetValues<CoordinatorRecordType>().ToHashSet();
        Assert.Equal(all, SampleRecords.WithValues().Select(r => r.Record.Type).ToHashSet());
        Assert.Equal(all, SampleRecords.Tombstones().Select(r => r.Record.Type).ToHashSet());
    }

    [Fact]
    public void A_consumer_group_member_keeps_its_tagged_classic_metadata_and_null_fields()
    {
        var record = SampleRecords.WithValues().Single(r => r.Name == "member metadata").Record;

        var decoded = Decode(record);

        var key = Assert.IsType<ConsumerGroupMemberMetadataKey>(decoded.Key);
        Assert.Equal(("cg", "member-1"), (key.GroupId, key.MemberId));
        var value = Assert.IsType<ConsumerGroupMemberMetadataValue>(decoded.Value);
        Assert.Null(value.InstanceId);
        Assert.Null(value.SubscribedTopicRegex);
        Assert.Equal("rack-a", value.RackId);
        Assert.Equal(["orders", "payments"], value.SubscribedTopicNames);
        Assert.Equal("uniform", value.ServerAssignor);
        Assert.Equal(60_000, value.RebalanceTimeoutMs);
        Assert.NotNull(value.ClassicMemberMetadata);
        Assert.Equal(45_000, value.ClassicMemberMetadata.SessionTimeoutMs);
        var protocol = Assert.Single(value.ClassicMemberMetadata.SupportedProtocols);
        Assert.Equal("range", protocol.Name);
        Assert.Equal(new byte[] { 0, 1 }, protocol.Metadata.ToArray());
    }

    [Fact]
    public void A_consumer_group_epoch_keeps_its_tagged_metadata_hash()
    {
        var decoded = Decode(CoordinatorRecord.ConsumerGroupMetadata("cg", new ConsumerGroupMetadataValue { Epoch = 4, MetadataHash = long.MinValue }));

        var value = Assert.IsType<ConsumerGroupMetadataValue>(decoded.Value);
        Assert.Equal(4, value.Epoch);
        Assert.Equal(long.MinValue, value.MetadataHash);
    }

    [Fact]
    public void A_regular_expression_record_keeps_its_key_and_resolved_topics()
    {
        var record = SampleRecords.WithValues().Single(r => r.Name == "regular expression").Record;

        var decoded = Decode(record);

        var key = Assert.IsType<ConsumerGroupRegularExpressionKey>(decoded.Key);
        Assert.Equal(("cg", "orders-.*"), (key.GroupId, key.RegularExpression));
        var value = Assert.IsType<ConsumerGroupRegularExpressionValue>(decoded.Value);
        Assert.Equal(["orders-eu", "orders-us"], value.Topics);
        Assert.Equal(17, value.Version);
        Assert.Equal(1_700_000_000_001, value.Timestamp);
    }

    [Fact]
    public void Offset_commits_are_written_at_version_3_or_1_with_an_expire_timestamp_or_4_with_a_topic_id()
    {
        var plain = CoordinatorRecord.OffsetCommit("g", "t", 0, new OffsetCommitValue { Offset = 1 });
        var expiring = CoordinatorRecord.OffsetCommit("g", "t", 0, new OffsetCommitValue { Offset = 1, ExpireTimestamp = 5 });
        var withTopicId = CoordinatorRecord.OffsetCommit("g", "t", 0, new OffsetCommitValue { Offset = 1, TopicId = SampleRecords.TopicA });

        Assert.Equal((short)3, plain.ValueVersion);
        Assert.Equal((short)1, expiring.ValueVersion);
        Assert.Equal((short)4, withTopicId.ValueVersion);
        Assert.Equal(SampleRecords.TopicA, Assert.IsType<OffsetCommitValue>(Decode(withTopicId).Value).TopicId);
    }

    [Fact]
    public void Group_metadata_and_consumer_group_values_are_written_at_the_versions_Kafka_writes()
    {
        Assert.Equal((short)3, CoordinatorRecord.GroupMetadata("g", new GroupMetadataValue()).ValueVersion);
        Assert.All(
            SampleRecords.WithValues().Where(r => r.Record.Type > CoordinatorRecordType.GroupMetadata),
            r => Assert.Equal((short)0, r.Record.ValueVersion));
    }

    [Fact]
    public void A_record_whose_key_is_not_the_schema_of_its_type_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new CoordinatorRecord(CoordinatorRecordType.GroupMetadata, new OffsetCommitKey(), 0, null));
        Assert.Throws<ArgumentException>(() => new CoordinatorRecord(CoordinatorRecordType.OffsetCommit, new OffsetCommitKey(), 3, new GroupMetadataValue()));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CoordinatorRecord(CoordinatorRecordType.OffsetCommit, new OffsetCommitKey(), 5, new OffsetCommitValue()));
    }

    internal static CoordinatorRecord Decode(CoordinatorRecord record)
    {
        byte[]? value = CoordinatorRecordSerde.SerializeValue(record);
        Assert.True(CoordinatorRecordSerde.TryDeserialize(CoordinatorRecordSerde.SerializeKey(record), value, value is null, out var decoded, out string? problem), problem);
        return decoded!;
    }
}
