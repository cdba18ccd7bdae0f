using System.Text;
using KafkaNet.Broker.Security.Scram;

namespace KafkaNet.Broker.Tests.Security;

public class ScramSaslServerTests
{
    private const string Generic256 = "Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-256";
    private const string Generic512 = "Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512";

    private static readonly ScramCredential Alice512 = ScramFormulas.FromPassword(ScramMechanism.Sha512, "alice-secret", 4096);

    [Fact]
    public void Rfc7677_test_vector_for_scram_sha_256()
    {
        var mechanism = ScramMechanism.Sha256;
        byte[] salt = Convert.FromBase64String("W22ZaJ0SNY7soEsUEjb6gQ==");
        var credential = ScramFormulas.FromSaltedPassword(mechanism, salt, ScramFormulas.SaltedPassword(mechanism, "pencil", salt, 4096), 4096);
        var server = new ScramSaslServer(mechanism, user => user == "user" ? credential : null) { FixedServerNonce = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0" };

        var first = server.Evaluate("n,,n=user,r=rOprNGfwEbeRWgbNEkqO"u8);
        var final = server.Evaluate("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="u8);

        Assert.Equal("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096", Encoding.UTF8.GetString(first.ServerMessage));
        Assert.False(first.IsComplete || first.IsFailure);
        Assert.Equal("user", final.UserName);
        Assert.Equal("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=", Encoding.UTF8.GetString(final.ServerMessage));
    }

    [Fact]
    public void Computed_exchange_for_scram_sha_512_with_a_fixed_salt()
    {
        var mechanism = ScramMechanism.Sha512;
        byte[] salt = Encoding.UTF8.GetBytes("fixed-salt-for-sha512");
        var credential = ScramFormulas.FromSaltedPassword(mechanism, salt, ScramFormulas.SaltedPassword(mechanism, "pencil", salt, 4096), 4096);
        var server = new ScramSaslServer(mechanism, _ => credential) { FixedServerNonce = "serverpart" };
        var client = new ScramTestClient(mechanism, "user", "pencil", "clientpart");

        var first = server.Evaluate(client.ClientFirst());
        var final = server.Evaluate(client.ClientFinal(first.ServerMessage));

        Assert.Equal("r=clientpartserverpart,s=Zml4ZWQtc2FsdC1mb3Itc2hhNTEy,i=4096", Encoding.UTF8.GetString(first.ServerMessage));
        // HMAC-SHA-512 keys and signatures are 64 bytes: 88 base64 characters after "v=".
        Assert.Equal(client.ExpectedServerFinal(), Encoding.UTF8.GetString(final.ServerMessage));
        Assert.Equal(90, final.ServerMessage.Length);
        Assert.Equal("user", final.UserName);
    }

    [Fact]
    public void Librdkafka_2_0_2_exchange_with_its_client_nonce_repeated_in_client_final()
    {
        // The messages librdkafka before 2.6.1 (Debian's kcat) sends: a 32-character nonce from '-' to '~', and a
        // client-final whose nonce is its own nonce followed by the combined one, signed as sent. The proof and the
        // server signature were computed outside KafkaNet (PBKDF2/HMAC-SHA-512 of RFC 5802) for this password and salt.
        var mechanism = ScramMechanism.Sha512;
        byte[] salt = Encoding.UTF8.GetBytes("librdkafka-2.0.2-salt");
        var credential = ScramFormulas.FromSaltedPassword(mechanism, salt, ScramFormulas.SaltedPassword(mechanism, "alice-secret", salt, 4096), 4096);
        var server = new ScramSaslServer(mechanism, user => user == "alice" ? credential : null) { FixedServerNonce = "kafkanetserverpart" };

        var first = server.Evaluate("n,,n=alice,r=-.Zq~3=AbC/9xY_kL{m}N|oP^r`s1t2u"u8);
        var final = server.Evaluate("c=biws,r=-.Zq~3=AbC/9xY_kL{m}N|oP^r`s1t2u-.Zq~3=AbC/9xY_kL{m}N|oP^r`s1t2ukafkanetserverpart,p=ScYK0KprKTaYoubuJknnrJr5nkqf4JIF68gkfd5snERPsUcT4t8/5aGe5XH7QTsIvz8hwxHbyWwPZcxTR6vRvQ=="u8);

        Assert.Equal("r=-.Zq~3=AbC/9xY_kL{m}N|oP^r`s1t2ukafkanetserverpart,s=bGlicmRrYWZrYS0yLjAuMi1zYWx0,i=4096", Encoding.UTF8.GetString(first.ServerMessage));
        Assert.Null(final.Error);
        Assert.Equal("alice", final.UserName);
        Assert.Equal("v=mjQTkVlHY4HrJT0EKfpczz731FPpjeUIg2POw30bQiVUrWVdcUY/y7X42O4PyB+12+BlA3T62/V8gtiikBp1qQ==", Encoding.UTF8.GetString(final.ServerMessage));
    }

    [Fact]
    public void A_nonce_that_does_not_end_with_the_combined_nonce_is_refused()
    {
        var server = Server();
        var client = new ScramTestClient(ScramMechanism.Sha512, "alice", "alice-secret", "n1");
        var first = server.Evaluate(client.ClientFirst());
        string nonce = Encoding.UTF8.GetString(first.ServerMessage).Split(',')[0][2..];

        var final = server.Evaluate(client.ClientFinal(first.ServerMessage, nonceOverride: nonce[..^1]));

        Assert.Equal(Generic512, final.Error);
    }

    [Fact]
    public void The_server_nonce_is_fresh_for_each_authentication()
    {
        string First() => Encoding.UTF8.GetString(Server().Evaluate("n,,n=alice,r=abc"u8).ServerMessage).Split(',')[0];

        Assert.NotEqual(First(), First());
        Assert.StartsWith("r=abc", First(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_user_name_with_escaped_comma_and_equals_is_decoded()
    {
        var server = new ScramSaslServer(ScramMechanism.Sha512, user => user == "a,b=c" ? Alice512 : null);
        var client = new ScramTestClient(ScramMechanism.Sha512, "a,b=c", "alice-secret", "n1");

        var final = server.Evaluate(client.ClientFinal(server.Evaluate(client.ClientFirst()).ServerMessage));

        Assert.Equal("a,b=c", final.UserName);
    }

    [Fact]
    public void Wrong_password_and_unknown_user_fail_alike()
    {
        var wrong = Authenticate("alice", "wrong");
        var unknown = Authenticate("mallory", "alice-secret");

        Assert.Equal(Generic512, wrong.Error);
        Assert.Equal(Generic512, unknown.Error);
    }

    [Fact]
    public void An_unknown_user_gets_a_stable_made_up_salt_and_kafkas_minimum_iterations()
    {
        string First() => Encoding.UTF8.GetString(Server().Evaluate("n,,n=mallory,r=abc"u8).ServerMessage);

        string[] one = First().Split(',');
        string[] two = First().Split(',');

        Assert.Equal(one[1..], two[1..]);
        Assert.Equal("i=4096", one[2]);
        Assert.NotEqual(Convert.ToBase64String(Alice512.Salt), one[1][2..]);
    }

    [Fact]
    public void Nonce_not_echoed_exactly_is_refused()
    {
        var server = Server();
        var client = new ScramTestClient(ScramMechanism.Sha512, "alice", "alice-secret", "n1");
        var first = server.Evaluate(client.ClientFirst());
        string nonce = Encoding.UTF8.GetString(first.ServerMessage).Split(',')[0][2..];

        var final = server.Evaluate(client.ClientFinal(first.ServerMessage, nonceOverride: nonce + "x"));

        Assert.Equal(Generic512, final.Error);
    }

    [Fact]
    public void Channel_binding_other_than_the_gs2_header_is_refused()
    {
        var server = Server();
        var client = new ScramTestClient(ScramMechanism.Sha512, "alice", "alice-secret", "n1");
        var first = server.Evaluate(client.ClientFirst());

        Assert.Equal(Generic512, server.Evaluate(client.ClientFinal(first.ServerMessage, channelBinding: "eSws")).Error);
    }

    [Theory]
    [InlineData("p=tls-unique,,n=alice,r=abc")]
    [InlineData("y,,n=alice,r=abc")]
    [InlineData("n,,n=,r=abc")]
    [InlineData("n,,n=alice")]
    [InlineData("n,,r=abc,n=alice")]
    [InlineData("n,,n=al=3Xice,r=abc")]
    [InlineData("n,,n=alice,r=ab c")]
    [InlineData("n,,m=ext,n=alice,r=abc")]
    [InlineData("n,,n=alice,r=abc,tokenauth=true")]
    [InlineData("")]
    public void Malformed_client_first_messages_channel_binding_and_token_auth_are_refused(string message)
    {
        var server = Server();

        Assert.Equal(Generic512, server.Evaluate(Encoding.UTF8.GetBytes(message)).Error);
        Assert.True(server.Evaluate("n,,n=alice,r=abc"u8).IsFailure);
    }

    [Fact]
    public void An_authorization_id_must_be_the_user()
    {
        Assert.Equal("Authentication failed: Client requested an authorization id that is different from username",
            Server().Evaluate("n,a=admin,n=alice,r=abc"u8).Error);
    }

    [Fact]
    public void An_authorization_id_equal_to_the_user_binds_its_gs2_header()
    {
        var server = Server();
        var client = new ScramTestClient(ScramMechanism.Sha512, "alice", "alice-secret", "n1");
        var first = server.Evaluate(client.ClientFirst("n,a=alice,"));

        var final = server.Evaluate(client.ClientFinal(first.ServerMessage, channelBinding: Convert.ToBase64String("n,a=alice,"u8.ToArray())));

        Assert.Equal("alice", final.UserName);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("c=biws,r=x")]
    [InlineData("c=biws,r=x,p=not base64!")]
    public void Malformed_client_final_messages_are_refused(string message)
    {
        var server = Server();
        server.Evaluate("n,,n=alice,r=abc"u8);

        Assert.Equal(Generic512, server.Evaluate(Encoding.UTF8.GetBytes(message)).Error);
    }

    [Fact]
    public void Nothing_is_accepted_after_the_exchange()
    {
        var server = Server();
        var client = new ScramTestClient(ScramMechanism.Sha512, "alice", "alice-secret", "n1");
        var final = server.Evaluate(client.ClientFinal(server.Evaluate(client.ClientFirst()).ServerMessage));

        Assert.Equal("alice", final.UserName);
        Assert.True(server.Evaluate(client.ClientFirst()).IsFailure);
    }

    [Fact]
    public void A_sha_256_server_names_its_mechanism_in_the_generic_message()
    {
        var server = new ScramSaslServer(ScramMechanism.Sha256, _ => null);

        Assert.Equal(Generic256, server.Evaluate("x"u8).Error);
    }

    private static ScramSaslServer Server() => new(ScramMechanism.Sha512, user => user == "alice" ? Alice512 : null);

    private static KafkaNet.Broker.Security.SaslOutcome Authenticate(string user, string password)
    {
        var server = Server();
        var client = new ScramTestClient(ScramMechanism.Sha512, user, password, "clientnonce");
        var first = server.Evaluate(client.ClientFirst());
        Assert.False(first.IsFailure);
        return server.Evaluate(client.ClientFinal(first.ServerMessage));
    }
}
