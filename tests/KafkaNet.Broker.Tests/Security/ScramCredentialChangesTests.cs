using KafkaNet.Broker.Metadata;
using KafkaNet.Broker.Security.Scram;
using KafkaNet.Cluster.Controller;
using KafkaNet.Protocol.Messages;
using static KafkaNet.Broker.Tests.Metadata.MetadataDeltaTests;

namespace KafkaNet.Broker.Tests.Security;

public class ScramCredentialChangesTests
{
    private static readonly MetadataImage WithAlice = Apply(MetadataImage.Empty, 1, new UserScramCredentialRecord
    {
        Name = "alice", Mechanism = 2, Salt = new byte[] { 1 }, StoredKey = new byte[] { 2 }, ServerKey = new byte[] { 3 }, Iterations = 4096,
    }).Image;

    private static AlterUserScramCredentialsRequest.ScramCredentialUpsertion Upsert(string name, sbyte mechanism = 2, int iterations = 8192) =>
        new() { Name = name, Mechanism = mechanism, Iterations = iterations, Salt = new byte[] { 7, 7 }, SaltedPassword = new byte[64] };

    private static AlterUserScramCredentialsRequest.ScramCredentialDeletion Delete(string name, sbyte mechanism = 2) => new() { Name = name, Mechanism = mechanism };

    private static List<(string, short, string?)> Results(AlterUserScramCredentialsResponse response) =>
        [.. response.Results.Select(r => (r.User, r.ErrorCode, r.ErrorMessage))];

    [Fact]
    public void An_upsertion_stores_keys_derived_from_the_salted_password_never_the_password()
    {
        var request = new AlterUserScramCredentialsRequest { Upsertions = [Upsert("bob")] };

        var (records, response) = ScramCredentialChanges.Plan(WithAlice, request);

        Assert.Equal([("bob", (short)0, (string?)null)], Results(response));
        var record = Assert.IsType<UserScramCredentialRecord>(Assert.Single(records).Message);
        var expected = ScramFormulas.FromSaltedPassword(ScramMechanism.Sha512, [7, 7], new byte[64], 8192);
        Assert.Equal(("bob", (sbyte)2, 8192), (record.Name, record.Mechanism, record.Iterations));
        Assert.Equal(expected.StoredKey, record.StoredKey.ToArray());
        Assert.Equal(expected.ServerKey, record.ServerKey.ToArray());
        Assert.NotEqual(new byte[64], record.StoredKey.ToArray());
    }

    [Fact]
    public void Each_invalid_change_gets_kafkas_error_and_writes_nothing()
    {
        var request = new AlterUserScramCredentialsRequest
        {
            Deletions = [Delete("carol"), Delete("dave", 0), Delete("erin"), Delete("erin")],
            Upsertions = [Upsert(""), Upsert("few", iterations: 4095), Upsert("many", iterations: 16385), Upsert("sha1", mechanism: 3), Upsert("erin")],
        };

        var (records, response) = ScramCredentialChanges.Plan(WithAlice, request);

        Assert.Empty(records);
        Assert.Equal(
        [
            ("carol", (short)91, "Attempt to delete a user credential that does not exist"),
            ("dave", (short)33, "Unknown SCRAM mechanism"),
            ("erin", (short)91, "Attempt to delete a user credential that does not exist"),
            ("", (short)93, "Username must not be empty"),
            ("few", (short)93, "Too few iterations"),
            ("many", (short)93, "Too many iterations"),
            ("sha1", (short)33, "Unknown SCRAM mechanism"),
        ], Results(response));
    }

    [Fact]
    public void A_user_altered_twice_in_one_request_is_a_duplicate()
    {
        var request = new AlterUserScramCredentialsRequest { Deletions = [Delete("alice")], Upsertions = [Upsert("alice", 1), Upsert("bob"), Upsert("bob", 1)] };

        var (records, response) = ScramCredentialChanges.Plan(WithAlice, request);

        Assert.Empty(records);
        Assert.Equal(
        [
            ("alice", (short)92, "A user credential cannot be altered twice in the same request"),
            ("bob", (short)92, "A user credential cannot be altered twice in the same request"),
        ], Results(response));
    }

    [Fact]
    public void A_deletion_of_an_existing_credential_writes_its_removal()
    {
        var (records, response) = ScramCredentialChanges.Plan(WithAlice, new AlterUserScramCredentialsRequest { Deletions = [Delete("alice")] });

        Assert.Equal([("alice", (short)0, (string?)null)], Results(response));
        var record = Assert.IsType<RemoveUserScramCredentialRecord>(Assert.Single(records).Message);
        Assert.Equal(("alice", (sbyte)2), (record.Name, record.Mechanism));
    }
}
