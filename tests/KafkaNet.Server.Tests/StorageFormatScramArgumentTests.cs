using System.Security.Cryptography;
using System.Text;

namespace KafkaNet.Server.Tests;

/// <summary>The values of <c>format --add-scram</c>, read as Kafka's storage tool reads them (KIP-900), and the credential each makes.</summary>
public sealed class StorageFormatScramArgumentTests
{
    // Kafka's own example of the salted form (its ScramParserTest).
    private const string KafkaSalt = "MWx2NHBkbnc0ZndxN25vdGN4bTB5eTFrN3E=";
    private const string KafkaSaltedPassword = "mT0yyUUxnlJaC99HXgRTSYlbuqa4FSGtJCJfTMvjYCE=";

    [Fact]
    public void The_salted_form_keeps_salt_and_iterations_and_stores_only_the_keys_derived_from_the_salted_password()
    {
        var record = StorageFormatScramArgument.Parse(
            $"SCRAM-SHA-512=[name=alice,iterations=8192,salt=\"{KafkaSalt}\",saltedpassword=\"{KafkaSaltedPassword}\"]");

        byte[] saltedPassword = Convert.FromBase64String(KafkaSaltedPassword);
        Assert.Equal(("alice", (sbyte)2, 8192), (record.Name, record.Mechanism, record.Iterations));
        Assert.Equal(Convert.FromBase64String(KafkaSalt), record.Salt);
        Assert.Equal(SHA512.HashData(HMACSHA512.HashData(saltedPassword, "Client Key"u8)), record.StoredKey);
        Assert.Equal(HMACSHA512.HashData(saltedPassword, "Server Key"u8), record.ServerKey);
    }

    [Fact]
    public void A_password_with_a_given_salt_makes_the_credential_of_rfc_7677s_example_at_the_default_4096_iterations()
    {
        // RFC 7677 section 3: user "user", password "pencil"; its proof and server signature check the two keys.
        const string AuthMessage = "n=user,r=rOprNGfwEbeRWgbNEkqO,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
            + "s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
        byte[] proof = Convert.FromBase64String("dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");

        var record = StorageFormatScramArgument.Parse("  SCRAM-SHA-256=[name=\"user\",password=pencil,salt=\"W22ZaJ0SNY7soEsUEjb6gQ==\"]  ");

        Assert.Equal(("user", (sbyte)1, 4096), (record.Name, record.Mechanism, record.Iterations));
        byte[] clientSignature = HMACSHA256.HashData(record.StoredKey.ToArray(), Encoding.UTF8.GetBytes(AuthMessage));
        byte[] clientKey = proof.Zip(clientSignature, (a, b) => (byte)(a ^ b)).ToArray();
        Assert.Equal(record.StoredKey, SHA256.HashData(clientKey));
        Assert.Equal("6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=",
            Convert.ToBase64String(HMACSHA256.HashData(record.ServerKey.ToArray(), Encoding.UTF8.GetBytes(AuthMessage))));
    }

    [Fact]
    public void Without_a_salt_each_credential_gets_a_fresh_random_one()
    {
        var first = StorageFormatScramArgument.Parse("SCRAM-SHA-256=[name=bob,password=bob-secret]");
        var second = StorageFormatScramArgument.Parse("SCRAM-SHA-256=[name=bob,password=bob-secret]");

        Assert.Equal(32, first.Salt.Length);
        Assert.NotEqual(first.Salt, second.Salt);
        Assert.NotEqual(first.StoredKey, second.StoredKey);
    }

    [Theory]
    [InlineData("SCRAM-SHA-512", "Failed to find equals sign in SCRAM argument 'SCRAM-SHA-512'")]
    [InlineData("SCRAM-SHA-UNSUPPORTED=[name=alice,password=alice-secret]", "The add-scram mechanism SCRAM-SHA-UNSUPPORTED is not supported.")]
    [InlineData("scram-sha-256=[name=alice,password=alice-secret]", "The add-scram mechanism scram-sha-256 is not supported.")]
    [InlineData("SCRAM-SHA-256=name=alice,password=alice-secret", "Expected configuration string to start with [")]
    [InlineData("SCRAM-SHA-256=[name=alice,password=alice-secret", "Expected configuration string to end with ]")]
    [InlineData("SCRAM-SHA-256=[name,password=alice-secret]", "No equals sign found in SCRAM component: name")]
    [InlineData("SCRAM-SHA-256=[password=alice-secret]", "You must supply 'name' to add-scram")]
    [InlineData("SCRAM-SHA-256=[name=,password=alice-secret]", "Username must not be empty")]
    [InlineData("SCRAM-SHA-256=[name=alice]", "You must supply one of 'password' or 'saltedpassword' to add-scram")]
    [InlineData("SCRAM-SHA-256=[name=alice,password=alice-secret,salt=\"" + KafkaSalt + "\",saltedpassword=\"" + KafkaSaltedPassword + "\"]",
        "You must supply only one of 'password' or 'saltedpassword' to add-scram")]
    [InlineData("SCRAM-SHA-256=[name=alice,saltedpassword=\"" + KafkaSaltedPassword + "\"]", "You must supply 'salt' with 'saltedpassword' to add-scram")]
    [InlineData("SCRAM-SHA-256=[name=alice,salt=\"%%%\",password=alice-secret]", "Failed to decode given salt: %%%")]
    [InlineData("SCRAM-SHA-256=[name=alice,salt=\"" + KafkaSalt + "\",saltedpassword=not*base64]", "Failed to decode given saltedPassword: not*base64")]
    [InlineData("SCRAM-SHA-256=[name=alice,password=alice-secret,iterations=many]", "Failed to parse iterations count: many")]
    [InlineData("SCRAM-SHA-256=[name=alice,password=alice-secret,iterations=4095]", "The 'iterations' value must be >= 4096 for add-scram using SCRAM_SHA_256")]
    [InlineData("SCRAM-SHA-512=[name=alice,password=alice-secret,iterations=16385]", "The 'iterations' value must be <= 16384 for add-scram using SCRAM_SHA_512")]
    [InlineData("SCRAM-SHA-256=[name=alice,password=alice-secret,unknown2=x,unknown=y]", "Unknown SCRAM configurations: unknown, unknown2")]
    public void A_malformed_value_is_refused_with_kafkas_message(string argument, string message)
    {
        Assert.Equal(message, Assert.Throws<FormatException>(() => StorageFormatScramArgument.Parse(argument)).Message);
    }

    [Theory]
    [InlineData(4096)]
    [InlineData(16384)]
    public void The_iteration_bounds_are_accepted(int iterations)
    {
        Assert.Equal(iterations, StorageFormatScramArgument.Parse($"SCRAM-SHA-512=[name=alice,password=alice-secret,iterations={iterations}]").Iterations);
    }
}
