using System.Text;
using KafkaNet.Broker.Groups.Records;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Groups.Records;

/// <summary>
/// Bytes laid out by hand from Kafka's record schemas, field by field, so the codec is checked
/// against Kafka's layout and not against itself. Lengths and counts are written out literally.
/// </summary>
public class CoordinatorRecordGoldenBytesTests
{
    [Fact]
    public void An_offset_commit_is_key_type_1_and_value_version_3_in_Kafkas_layout()
    {
        var record = CoordinatorRecord.OffsetCommit("g", "orders", 7, new OffsetCommitValue
        {
            Offset = 1234, LeaderEpoch = 5, Metadata = "m", CommitTimestamp = 0x0102030405060708,
        });
        byte[] key = Join(
            Hex("00 01"),                          // record type 1: offset commit
            Hex("00 01"), Ascii("g"),              // Group: int16 length + bytes
            Hex("00 06"), Ascii("orders"),         // Topic
            Hex("00 00 00 07"));                   // Partition
        byte[] value = Join(
            Hex("00 03"),                          // value version 3
            Hex("00 00 00 00 00 00 04 d2"),        // Offset 1234
            Hex("00 00 00 05"),                    // LeaderEpoch (v3+)
            Hex("00 01"), Ascii("m"),              // Metadata
            Hex("01 02 03 04 05 06 07 08"));       // CommitTimestamp; no ExpireTimestamp after v1

        Assert.Equal(key, CoordinatorRecordSerde.SerializeKey(record));
        Assert.Equal(value, CoordinatorRecordSerde.SerializeValue(record));
        Assert.True(CoordinatorRecordSerde.TryDeserialize(key, value, false, out var decoded, out string? problem), problem);
        var k = Assert.IsType<OffsetCommitKey>(decoded!.Key);
        Assert.Equal(("g", "orders", 7), (k.Group, k.Topic, k.Partition));
        var v = Assert.IsType<OffsetCommitValue>(decoded.Value);
        Assert.Equal((1234L, 5, "m", 0x0102030405060708L), (v.Offset, v.LeaderEpoch, v.Metadata, v.CommitTimestamp));
    }

    [Fact]
    public void An_offset_commit_with_a_topic_id_is_flexible_version_4_with_the_id_in_tag_0()
    {
        var record = CoordinatorRecord.OffsetCommit("g", "t", 0, new OffsetCommitValue
        {
            Offset = 1, LeaderEpoch = -1, Metadata = "", CommitTimestamp = 2, TopicId = SampleRecords.TopicA,
        });
        byte[] value = Join(
            Hex("00 04"),                          // value version 4, the first flexible one
            Hex("00 00 00 00 00 00 00 01"),        // Offset
            Hex("ff ff ff ff"),                    // LeaderEpoch -1
            Hex("01"),                             // Metadata "": compact string, varint length + 1
            Hex("00 00 00 00 00 00 00 02"),        // CommitTimestamp
            Hex("01"),                             // one tagged field
            Hex("00 10"),                          // tag 0 (TopicId), 16 bytes
            Hex("00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f"));

        Assert.Equal(value, CoordinatorRecordSerde.SerializeValue(record));
    }

    [Fact]
    public void A_type_0_key_from_Kafka_before_0_9_loads_as_an_offset_commit_with_a_version_0_value()
    {
        byte[] key = Join(Hex("00 00"), Hex("00 01"), Ascii("g"), Hex("00 01"), Ascii("t"), Hex("00 00 00 02"));
        byte[] value = Join(
            Hex("00 00"),                          // value version 0: Offset, Metadata, CommitTimestamp
            Hex("00 00 00 00 00 00 00 09"),
            Hex("00 00"),
            Hex("00 00 00 00 00 00 00 0a"));

        Assert.True(CoordinatorRecordSerde.TryDeserialize(key, value, false, out var decoded, out string? problem), problem);

        Assert.Equal(CoordinatorRecordType.OffsetCommit, decoded!.Type);
        Assert.Equal(2, Assert.IsType<OffsetCommitKey>(decoded.Key).Partition);
        var v = Assert.IsType<OffsetCommitValue>(decoded.Value);
        Assert.Equal((9L, 10L), (v.Offset, v.CommitTimestamp));
        Assert.Equal(Hex("00 01"), CoordinatorRecordSerde.SerializeKey(decoded)[..2]);
    }

    [Fact]
    public void Group_metadata_is_key_type_2_and_value_version_3_in_Kafkas_layout()
    {
        var record = CoordinatorRecord.GroupMetadata("classic", new GroupMetadataValue
        {
            ProtocolType = "consumer", Generation = 3, Protocol = "range", Leader = "m-1", CurrentStateTimestamp = 99,
            Members =
            {
                new GroupMetadataValue.MemberMetadata
                {
                    MemberId = "m-1", GroupInstanceId = "static-1", ClientId = "c", ClientHost = "/127.0.0.1",
                    RebalanceTimeout = 300_000, SessionTimeout = 45_000, Subscription = new byte[] { 1, 2 }, Assignment = new byte[] { 3 },
                },
            },
        });
        byte[] key = Join(Hex("00 02"), Hex("00 07"), Ascii("classic"));
        byte[] value = Join(
            Hex("00 03"),                          // value version 3
            Hex("00 08"), Ascii("consumer"),       // ProtocolType
            Hex("00 00 00 03"),                    // Generation
            Hex("00 05"), Ascii("range"),          // Protocol (nullable string)
            Hex("00 03"), Ascii("m-1"),            // Leader (nullable string)
            Hex("00 00 00 00 00 00 00 63"),        // CurrentStateTimestamp (v2+)
            Hex("00 00 00 01"),                    // Members: int32 count
            Hex("00 03"), Ascii("m-1"),            //   MemberId
            Hex("00 08"), Ascii("static-1"),       //   GroupInstanceId (v3+)
            Hex("00 01"), Ascii("c"),              //   ClientId
            Hex("00 0a"), Ascii("/127.0.0.1"),     //   ClientHost
            Hex("00 04 93 e0"),                    //   RebalanceTimeout 300000 (v1+)
            Hex("00 00 af c8"),                    //   SessionTimeout 45000
            Hex("00 00 00 02 01 02"),              //   Subscription: int32 length + bytes
            Hex("00 00 00 01 03"));                //   Assignment

        Assert.Equal(key, CoordinatorRecordSerde.SerializeKey(record));
        Assert.Equal(value, CoordinatorRecordSerde.SerializeValue(record));
        Assert.True(CoordinatorRecordSerde.TryDeserialize(key, value, false, out var decoded, out string? problem), problem);
        var v = Assert.IsType<GroupMetadataValue>(decoded!.Value);
        var member = Assert.Single(v.Members);
        Assert.Equal(("static-1", 300_000, 45_000), (member.GroupInstanceId, member.RebalanceTimeout, member.SessionTimeout));
        Assert.Equal(new byte[] { 1, 2 }, member.Subscription.ToArray());
    }

    [Fact]
    public void A_consumer_group_member_is_key_type_5_and_a_flexible_value_with_classic_metadata_in_tag_0()
    {
        var record = CoordinatorRecord.ConsumerGroupMemberMetadata("cg", "m", new ConsumerGroupMemberMetadataValue
        {
            InstanceId = null, RackId = null, ClientId = "c", ClientHost = "h", SubscribedTopicNames = { "t" },
            SubscribedTopicRegex = null, RebalanceTimeoutMs = 1000, ServerAssignor = null,
            ClassicMemberMetadata = new ConsumerGroupMemberMetadataValue.ClassicMemberMetadataData
            {
                SessionTimeoutMs = 45_000,
                SupportedProtocols = { new ConsumerGroupMemberMetadataValue.ClassicProtocol { Name = "range", Metadata = new byte[] { 1 } } },
            },
        });
        byte[] key = Join(Hex("00 05"), Hex("00 02"), Ascii("cg"), Hex("00 01"), Ascii("m"));
        byte[] value = Join(
            Hex("00 00"),                          // value version 0, flexible
            Hex("00"),                             // InstanceId null: compact length 0
            Hex("00"),                             // RackId null
            Hex("02"), Ascii("c"),                 // ClientId: compact length + 1
            Hex("02"), Ascii("h"),                 // ClientHost
            Hex("02"), Hex("02"), Ascii("t"),      // SubscribedTopicNames: compact count + 1, then "t"
            Hex("00"),                             // SubscribedTopicRegex null
            Hex("00 00 03 e8"),                    // RebalanceTimeoutMs 1000
            Hex("00"),                             // ServerAssignor null
            Hex("01"),                             // one tagged field
            Hex("00 10"),                          // tag 0 (ClassicMemberMetadata), 16 bytes
            Hex("01"),                             //   present marker of a nullable struct
            Hex("00 00 af c8"),                    //   SessionTimeoutMs 45000
            Hex("02"),                             //   SupportedProtocols: one element
            Hex("06"), Ascii("range"),             //     Name
            Hex("02 01"),                          //     Metadata: compact length + 1, then the byte
            Hex("00"),                             //     ClassicProtocol tagged fields
            Hex("00"));                            //   ClassicMemberMetadata tagged fields; the message's count is the 01 above

        Assert.Equal(key, CoordinatorRecordSerde.SerializeKey(record));
        Assert.Equal(value, CoordinatorRecordSerde.SerializeValue(record));
    }

    private static byte[] Hex(string text) => Convert.FromHexString(text.Replace(" ", "", StringComparison.Ordinal));

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    private static byte[] Join(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
