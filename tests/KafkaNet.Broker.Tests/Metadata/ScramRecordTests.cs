using KafkaNet.Broker.Metadata;
using KafkaNet.Broker.Security.Scram;
using KafkaNet.Protocol.Messages;
using KafkaNet.Protocol.Metadata;
using static KafkaNet.Broker.Tests.Metadata.MetadataDeltaTests;

namespace KafkaNet.Broker.Tests.Metadata;

public class ScramRecordTests
{
    private static UserScramCredentialRecord Credential(string user, sbyte mechanism, int iterations) => new()
    {
        Name = user,
        Mechanism = mechanism,
        Salt = new byte[] { 1, 2, 3 },
        StoredKey = new byte[] { 4, 5 },
        ServerKey = new byte[] { 6, 7 },
        Iterations = iterations,
    };

    [Fact]
    public void Credentials_are_added_replaced_and_removed_per_user_and_mechanism()
    {
        var image = Apply(MetadataImage.Empty, 1, Credential("alice", 1, 4096), Credential("alice", 2, 8192), Credential("bob", 2, 4096)).Image;
        image = Apply(image, 2, Credential("alice", 2, 16384), new RemoveUserScramCredentialRecord { Name = "bob", Mechanism = 2 }).Image;

        Assert.Equal(4096, image.FindScramCredential("alice", 1)?.Iterations);
        Assert.Equal(16384, image.FindScramCredential("alice", 2)?.Iterations);
        Assert.Null(image.FindScramCredential("bob", 2));
        Assert.Equal(new byte[] { 4, 5 }, image.FindScramCredential("alice", 1)!.StoredKey);
    }

    [Fact]
    public void Removing_a_missing_credential_or_an_unknown_mechanism_is_refused()
    {
        Assert.Throws<MetadataReplayException>(() => Apply(MetadataImage.Empty, 1, new RemoveUserScramCredentialRecord { Name = "nobody", Mechanism = 1 }));
        Assert.Throws<MetadataReplayException>(() => Apply(MetadataImage.Empty, 1, Credential("alice", 3, 4096)));
    }

    [Fact]
    public void A_snapshot_carries_the_credentials_and_rebuilds_them()
    {
        var image = Apply(MetadataImage.Empty, 3, new FeatureLevelRecord { Name = "metadata.version", FeatureLevel = 21 },
            Credential("bob", 2, 4096), Credential("alice", 1, 8192)).Image;

        var records = image.ToRecords();
        var decoded = MetadataRecordReader.ReadBatch(MetadataRecordWriter.ToBatch(records));
        var rebuilt = Apply(MetadataImage.Empty, 3, [.. decoded.Select(r => r.Message)]).Image;

        Assert.Equal(["alice", "bob"], records.Select(r => r.Message).OfType<UserScramCredentialRecord>().Select(r => r.Name));
        Assert.Equal(image.ScramCredentials.Keys.OrderBy(k => k.User), rebuilt.ScramCredentials.Keys.OrderBy(k => k.User));
        Assert.Equal(image.FindScramCredential("bob", 2)!.ServerKey, rebuilt.FindScramCredential("bob", 2)!.ServerKey);
    }

    [Fact]
    public void A_snapshot_replacing_the_image_drops_credentials_it_does_not_hold()
    {
        var image = Apply(MetadataImage.Empty, 1, Credential("alice", 1, 4096)).Image;
        var delta = MetadataDelta.ForSnapshot(image);
        delta.Replay(Credential("bob", 1, 4096));

        var replaced = delta.Apply(2).Image;

        Assert.Equal([new ScramCredentialKey("bob", 1)], replaced.ScramCredentials.Keys);
    }

    [Fact]
    public void The_credential_text_never_shows_the_keys()
    {
        var credential = new ScramCredential([1], [2], [3], 4096);

        Assert.Equal("ScramCredential(iterations=4096)", credential.ToString());
    }
}
