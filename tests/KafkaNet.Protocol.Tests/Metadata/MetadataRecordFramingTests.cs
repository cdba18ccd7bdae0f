using KafkaNet.Protocol.Messages;
using KafkaNet.Protocol.Metadata;

namespace KafkaNet.Protocol.Tests.Metadata;

public class MetadataRecordFramingTests
{
    private static readonly Guid TopicId = new("6f1c9a52-30f4-4e0e-9d3b-0a8c2b5f7e11");
    private static readonly Guid AclId = new("0b7e4d2a-91c3-4f58-a6e0-3d2c1b0a9f87");

    private static List<MetadataRecord> SampleRecords() =>
    [
        MetadataRecord.Latest(new FeatureLevelRecord { Name = "metadata.version", FeatureLevel = 21 }),
        new(new RegisterBrokerRecord
        {
            BrokerId = 1,
            BrokerEpoch = 10,
            IncarnationId = Guid.NewGuid(),
            Rack = "r1",
            EndPoints = [new() { Name = "PLAINTEXT", Host = "127.0.0.1", Port = 9092, SecurityProtocol = 0 }],
        }, 1),
        MetadataRecord.Latest(new TopicRecord { Name = "orders", TopicId = TopicId }),
        new(new PartitionRecord { TopicId = TopicId, PartitionId = 0, Replicas = [1], Isr = [1], Leader = 1, LeaderEpoch = 0, PartitionEpoch = 0 }, 0),
        MetadataRecord.Latest(new PartitionChangeRecord { TopicId = TopicId, PartitionId = 0, Isr = [1] }),
        MetadataRecord.Latest(new ConfigRecord { ResourceType = 2, ResourceName = "orders", Name = "retention.ms", Value = null }),
        MetadataRecord.Latest(new AccessControlEntryRecord
        {
            Id = AclId, ResourceType = 2, ResourceName = "orders-", PatternType = 4, Principal = "User:alice", Host = "*", Operation = 3, PermissionType = 3,
        }),
        MetadataRecord.Latest(new RemoveAccessControlEntryRecord { Id = AclId }),
        MetadataRecord.Latest(new UserScramCredentialRecord { Name = "alice", Mechanism = 2, Salt = new byte[] { 1, 2 }, StoredKey = new byte[] { 3 }, ServerKey = new byte[] { 4 }, Iterations = 8192 }),
        MetadataRecord.Latest(new RemoveUserScramCredentialRecord { Name = "alice", Mechanism = 2 }),
    ];

    [Fact]
    public void A_batch_round_trips_every_record_type_and_version_to_identical_bytes()
    {
        var records = SampleRecords();
        byte[] bytes = MetadataRecordWriter.ToBatch(records);

        var decoded = MetadataRecordReader.ReadBatch(bytes);

        Assert.Equal(records.Select(r => (r.Type, r.Version, r.Message.GetType())), decoded.Select(r => (r.Type, r.Version, r.Message.GetType())));
        Assert.Equal(bytes, MetadataRecordWriter.ToBatch(decoded));
        var topic = Assert.IsType<TopicRecord>(decoded[2].Message);
        Assert.Equal(("orders", TopicId), (topic.Name, topic.TopicId));
        Assert.Null(Assert.IsType<ConfigRecord>(decoded[5].Message).Value);
        var acl = Assert.IsType<AccessControlEntryRecord>(decoded[6].Message);
        Assert.Equal((AclId, "orders-", (sbyte)4, "User:alice", "*", (sbyte)3, (sbyte)3),
            (acl.Id, acl.ResourceName, acl.PatternType, acl.Principal, acl.Host, acl.Operation, acl.PermissionType));
        Assert.Equal(AclId, Assert.IsType<RemoveAccessControlEntryRecord>(decoded[7].Message).Id);
    }

    [Fact]
    public void Acl_records_carry_kafkas_type_numbers()
    {
        byte[] add = MetadataRecordWriter.ToFrame(SampleRecords()[6]);
        byte[] remove = MetadataRecordWriter.ToFrame(SampleRecords()[7]);

        Assert.Equal(new byte[] { 1, 18, 0 }, add[..3]);
        Assert.Equal(new byte[] { 1, 19, 0 }, remove[..3]);
        Assert.Equal(3 + 16 + 1, remove.Length);
    }

    [Fact]
    public void A_frame_starts_with_frame_version_type_and_version_as_kafka_writes_it()
    {
        byte[] frame = MetadataRecordWriter.ToFrame(MetadataRecord.Latest(new RemoveTopicRecord { TopicId = TopicId }));

        Assert.Equal(new byte[] { 1, 9, 0 }, frame[..3]);
        Assert.Equal(3 + 16 + 1, frame.Length);
        Assert.Equal(TopicId, Assert.IsType<RemoveTopicRecord>(MetadataRecordReader.ReadFrame(frame).Message).TopicId);
    }

    [Fact]
    public void Scram_credential_records_carry_kafkas_types_11_and_22()
    {
        byte[] upsert = MetadataRecordWriter.ToFrame(MetadataRecord.Latest(new UserScramCredentialRecord { Name = "a", Mechanism = 1, Salt = new byte[] { 9 }, StoredKey = new byte[] { 8 }, ServerKey = new byte[] { 7 }, Iterations = 4096 }));
        byte[] remove = MetadataRecordWriter.ToFrame(MetadataRecord.Latest(new RemoveUserScramCredentialRecord { Name = "a", Mechanism = 1 }));

        Assert.Equal(new byte[] { 1, 11, 0 }, upsert[..3]);
        Assert.Equal(new byte[] { 1, 22, 0 }, remove[..3]);
        var decoded = Assert.IsType<UserScramCredentialRecord>(MetadataRecordReader.ReadFrame(upsert).Message);
        Assert.Equal(("a", (sbyte)1, 4096), (decoded.Name, decoded.Mechanism, decoded.Iterations));
        Assert.Equal(new byte[] { 8 }, decoded.StoredKey.ToArray());
    }

    [Fact]
    public void Every_prefix_of_a_batch_is_refused_as_malformed()
    {
        byte[] bytes = MetadataRecordWriter.ToBatch(SampleRecords());
        for (int length = 0; length < bytes.Length; length++)
        {
            var prefix = bytes.AsMemory(0, length);
            Assert.Throws<KafkaProtocolException>(() => MetadataRecordReader.ReadBatch(prefix));
        }
    }

    [Fact]
    public void Trailing_bytes_after_a_frame_are_refused()
    {
        byte[] frame = MetadataRecordWriter.ToFrame(MetadataRecord.Latest(new NoOpRecord()));
        var ex = Assert.Throws<KafkaProtocolException>(() => MetadataRecordReader.ReadFrame(frame.Append((byte)0).ToArray()));
        Assert.Contains("left over", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 1, 6, 0, 0 }, "unknown metadata record type 6")]
    [InlineData(new byte[] { 1, 0x80, 0x80, 0x04, 0, 0 }, "unknown metadata record type 65536")]
    [InlineData(new byte[] { 1, 2, 1, 0 }, "TopicRecord has no version 1")]
    [InlineData(new byte[] { 0, 2, 0, 0 }, "frame version 0")]
    [InlineData(new byte[] { 2, 2, 0, 0 }, "frame version 2")]
    [InlineData(new byte[] { 1, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF }, "record type")]
    public void A_bad_frame_header_is_refused_naming_the_problem(byte[] frame, string expected)
    {
        var ex = Assert.Throws<KafkaProtocolException>(() => MetadataRecordReader.ReadFrame(frame));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_body_with_a_huge_string_length_is_refused_without_allocating_it()
    {
        // TopicRecord v0: compact string length 0x7FFFFFFF, far beyond the bytes present.
        byte[] frame = [1, 2, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0x07];
        var ex = Assert.Throws<KafkaProtocolException>(() => MetadataRecordReader.ReadFrame(frame));
        Assert.Contains("cannot decode TopicRecord version 0", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_body_with_a_huge_array_count_is_refused()
    {
        var record = new PartitionRecord { TopicId = TopicId, Replicas = [1] };
        byte[] frame = MetadataRecordWriter.ToFrame(new MetadataRecord(record, 0));
        // The replicas count follows frame header (3), partition id (4) and topic id (16).
        Assert.Equal(2, frame[23]);
        byte[] patched = [.. frame[..23], 0xFF, 0xFF, 0xFF, 0xFF, 0x07, .. frame[24..]];
        var ex = Assert.Throws<KafkaProtocolException>(() => MetadataRecordReader.ReadFrame(patched));
        Assert.Contains("cannot decode PartitionRecord version 0", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x07 }, "claims 2147483647 records")]
    [InlineData(new byte[] { 1, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 1, 20, 0, 0 }, "claims 2147483647 bytes")]
    [InlineData(new byte[] { 0, 0 }, "left over")]
    public void A_batch_with_impossible_counts_or_lengths_is_refused(byte[] batch, string expected)
    {
        var ex = Assert.Throws<KafkaProtocolException>(() => MetadataRecordReader.ReadBatch(batch));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Writing_a_version_the_record_does_not_have_is_refused()
    {
        var ex = Assert.Throws<ArgumentException>(() => MetadataRecordWriter.ToFrame(new MetadataRecord(new TopicRecord { Name = "t" }, 3)));
        Assert.Contains("TopicRecord has no version 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Writing_a_message_that_is_not_a_metadata_record_is_refused()
    {
        Assert.Throws<ArgumentException>(() => MetadataRecordWriter.ToFrame(new MetadataRecord(new ApiVersionsRequest(), 0)));
        Assert.Throws<ArgumentException>(() => MetadataRecord.Latest(new ApiVersionsRequest()));
    }

    [Fact]
    public void The_table_knows_kafkas_record_types_and_ours_outside_their_range()
    {
        // 1006: the voter set of a dynamic quorum, which Kafka keeps as a control record of the KRaft log instead.
        Assert.Equal([0, 1, 2, 3, 4, 5, 7, 8, 9, 11, 12, 14, 15, 17, 18, 19, 20, 22, 1006], MetadataRecordTable.Types.Select(t => (int)t));
        Assert.Equal((short)1006, MetadataRecordTable.TypeOf(new VotersRecord()));
        Assert.Equal((short)17, MetadataRecordTable.TypeOf(new BrokerRegistrationChangeRecord()));
        Assert.Equal("PartitionChangeRecord", MetadataRecordTable.NameOf((short)MetadataRecordType.PartitionChangeRecord));
        Assert.True(MetadataRecordTable.TryGetVersions(0, out short lowest, out short highest));
        Assert.Equal((0, 3), (lowest, highest));
    }

    [Fact]
    public void A_client_quota_record_round_trips_its_entity_default_name_value_and_remove_flag()
    {
        var record = new ClientQuotaRecord
        {
            Entity = [new() { EntityType = "user", EntityName = "alice" }, new() { EntityType = "client-id", EntityName = null }],
            Key = "producer_byte_rate",
            Value = 1048576.5,
            Remove = false,
        };
        byte[] frame = MetadataRecordWriter.ToFrame(MetadataRecord.Latest(record));

        Assert.Equal(new byte[] { 1, 14, 0 }, frame[..3]);
        var decoded = Assert.IsType<ClientQuotaRecord>(MetadataRecordReader.ReadFrame(frame).Message);
        Assert.Equal([("user", (string?)"alice"), ("client-id", null)], decoded.Entity.Select(e => (e.EntityType, e.EntityName)));
        Assert.Equal(("producer_byte_rate", 1048576.5, false), (decoded.Key, decoded.Value, decoded.Remove));
        Assert.Equal(frame, MetadataRecordWriter.ToFrame(MetadataRecord.Latest(decoded)));
    }
}
