using System.Text;
using KafkaNet.Cluster.Network;

namespace KafkaNet.Cluster.Tests.Network;

/// <summary>The SCRAM client against the SCRAM-SHA-256 exchange of RFC 7677, section 3, and against servers that get it wrong.</summary>
public class ScramSaslClientTests
{
    private const string ClientNonce = "rOprNGfwEbeRWgbNEkqO";
    private const string ServerFirst = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";

    [Fact]
    public void Rfc_7677_exchange_gives_its_proof_and_accepts_its_server_signature()
    {
        var client = new ScramSaslClient(ScramSaslClient.Sha256, "user", "pencil", ClientNonce);

        Assert.Equal("n,,n=user,r=rOprNGfwEbeRWgbNEkqO", Text(client.Start()));
        Assert.Equal("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
            Text(client.Next(Encoding.UTF8.GetBytes(ServerFirst))!));
        Assert.Null(client.Next("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="u8));
    }

    [Fact]
    public void A_server_signature_that_does_not_match_is_refused()
    {
        var client = new ScramSaslClient(ScramSaslClient.Sha256, "user", "pencil", ClientNonce);
        client.Start();
        client.Next(Encoding.UTF8.GetBytes(ServerFirst));

        var e = Assert.Throws<SaslExchangeException>(() => client.Next("v=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="u8));

        Assert.Equal("the server's SCRAM signature does not match: it does not know the password", e.Message);
    }

    [Theory]
    [InlineData("r=someone-else,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096", "the server's SCRAM nonce does not extend the client's")]
    [InlineData("r=rOprNGfwEbeRWgbNEkqOxyz,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=1024", "the server's SCRAM iteration count 1024 is below 4096")]
    [InlineData("r=rOprNGfwEbeRWgbNEkqOxyz,i=4096", "the server's first SCRAM message lacks the nonce, salt or iteration count")]
    public void A_bad_server_first_message_is_refused(string serverFirst, string reason)
    {
        var client = new ScramSaslClient(ScramSaslClient.Sha512, "user", "pencil", ClientNonce);
        client.Start();

        Assert.Equal(reason, Assert.Throws<SaslExchangeException>(() => client.Next(Encoding.UTF8.GetBytes(serverFirst))).Message);
    }

    [Fact]
    public void Commas_and_equals_signs_in_the_user_name_are_escaped()
    {
        var client = new ScramSaslClient(ScramSaslClient.Sha512, "a=b,c", "pencil", ClientNonce);

        Assert.Equal("n,,n=a=3Db=2Cc,r=rOprNGfwEbeRWgbNEkqO", Text(client.Start()));
    }

    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
