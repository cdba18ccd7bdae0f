using KafkaNet.Broker.Metadata;
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.Protocol.Metadata;

namespace KafkaNet.Broker.Tests.Metadata;

/// <summary>AccessControlEntryRecord and RemoveAccessControlEntryRecord replayed into the image and written to snapshots.</summary>
public class AclRecordsReplayTests
{
    private static readonly Guid First = new("11111111-2222-3333-4444-555555555555");
    private static readonly Guid Second = new("66666666-7777-8888-9999-aaaaaaaaaaaa");
    private static readonly StandardAcl Read = new(AclResourceType.Topic, "orders-", AclPatternType.Prefixed, "User:alice", "*", AclOperation.Read, AclPermissionType.Allow);
    private static readonly StandardAcl Deny = new(AclResourceType.Group, "g1", AclPatternType.Literal, "User:bob", "10.0.0.1", AclOperation.All, AclPermissionType.Deny);

    private static MetadataImage Replay(MetadataImage image, params IKafkaMessage[] records)
    {
        var delta = new MetadataDelta(image);
        foreach (var record in records)
        {
            delta.Replay(record);
        }
        return delta.Apply(image.LastAppliedOffset + records.Length).Image;
    }

    [Fact]
    public void Acls_are_added_and_removed_by_id()
    {
        var image = Replay(MetadataImage.Empty, Read.ToRecord(First), Deny.ToRecord(Second));
        Assert.Equal(Read, image.Acls[First]);
        Assert.Equal(Deny, image.Acls[Second]);

        image = Replay(image, new RemoveAccessControlEntryRecord { Id = First });

        Assert.Equal([Second], image.Acls.Keys);
    }

    [Fact]
    public void A_duplicate_id_or_an_unknown_removal_is_refused_and_leaves_the_delta_as_it_was()
    {
        var image = Replay(MetadataImage.Empty, Read.ToRecord(First));
        var delta = new MetadataDelta(image);

        var duplicate = Assert.Throws<MetadataReplayException>(() => delta.Replay(Deny.ToRecord(First)));
        var unknown = Assert.Throws<MetadataReplayException>(() => delta.Replay(new RemoveAccessControlEntryRecord { Id = Second }));

        Assert.Contains(First.ToString(), duplicate.Message, StringComparison.Ordinal);
        Assert.Contains(Second.ToString(), unknown.Message, StringComparison.Ordinal);
        Assert.Equal(Read, delta.Apply(5).Image.Acls[First]);
    }

    [Fact]
    public void A_snapshot_carries_the_acls_and_replaces_those_it_no_longer_holds()
    {
        var source = Replay(MetadataImage.Empty, Read.ToRecord(First), Deny.ToRecord(Second));
        var records = MetadataRecordReader.ReadBatch(MetadataRecordWriter.ToBatch(source.ToRecords()));
        Assert.Equal(2, records.Count(r => r.Message is AccessControlEntryRecord));

        var current = Replay(MetadataImage.Empty, Read.ToRecord(Guid.NewGuid()));
        var delta = MetadataDelta.ForSnapshot(current);
        foreach (var record in records)
        {
            delta.Replay(record.Message);
        }
        var loaded = delta.Apply(10).Image;

        Assert.Equal(source.Acls.OrderBy(a => a.Key), loaded.Acls.OrderBy(a => a.Key));
    }

    [Fact]
    public void An_image_whose_acls_did_not_change_keeps_the_same_set()
    {
        var image = Replay(MetadataImage.Empty, Read.ToRecord(First));

        var next = Replay(image, new NoOpRecord());

        Assert.Same(image.Acls, next.Acls);
    }
}
