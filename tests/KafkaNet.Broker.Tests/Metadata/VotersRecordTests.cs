using KafkaNet.Broker.Metadata;
using KafkaNet.Protocol.Messages;
using KafkaNet.Protocol.Metadata;
using static KafkaNet.Broker.Tests.Metadata.MetadataDeltaTests;

namespace KafkaNet.Broker.Tests.Metadata;

/// <summary>The voter set of a dynamic quorum in the metadata log: replaced whole by each VotersRecord, kept in snapshots.</summary>
public class VotersRecordTests
{
    private static readonly ControllerQuorumVoter One = new(1, "c1", 9093, Guid.NewGuid());
    private static readonly ControllerQuorumVoter Two = new(2, "::1", 9094, Guid.NewGuid());

    [Fact]
    public void Each_record_replaces_the_voter_set_and_names_the_controller_listener()
    {
        var image = Apply(MetadataImage.Empty, 1, VotersRecords.ToRecord([Two, One], "CTRL")).Image;
        Assert.Equal([One, Two], image.Voters.ToArray());
        Assert.Equal("CTRL", image.VotersListenerName);

        image = Apply(image, 2, VotersRecords.ToRecord([Two], "CTRL")).Image;
        Assert.Equal([Two], image.Voters.ToArray());
    }

    [Fact]
    public void A_snapshot_keeps_the_voters_and_a_static_quorum_writes_none()
    {
        Assert.DoesNotContain(MetadataImage.Empty.ToRecords(), r => r.Message is VotersRecord);
        var image = Apply(MetadataImage.Empty, 5, new FeatureLevelRecord { Name = "metadata.version", FeatureLevel = 21 },
            VotersRecords.ToRecord([One, Two], "CONTROLLER")).Image;

        var decoded = MetadataRecordReader.ReadBatch(MetadataRecordWriter.ToBatch(image.ToRecords()));
        var rebuilt = Apply(MetadataImage.Empty, 5, [.. decoded.Select(r => r.Message)]).Image;

        Assert.Equal(image.Voters.ToArray(), rebuilt.Voters.ToArray());
        Assert.Equal(One.DirectoryId, rebuilt.Voters[0].DirectoryId);
    }

    [Fact]
    public void A_voter_without_an_endpoint_or_named_twice_is_refused()
    {
        var twice = VotersRecords.ToRecord([One, One with { Port = 1 }], "CONTROLLER");
        Assert.Throws<MetadataReplayException>(() => Apply(MetadataImage.Empty, 1, twice));
        var bare = VotersRecords.ToRecord([One], "CONTROLLER");
        bare.Voters[0].Endpoints.Clear();
        Assert.Throws<MetadataReplayException>(() => Apply(MetadataImage.Empty, 1, bare));
    }
}
