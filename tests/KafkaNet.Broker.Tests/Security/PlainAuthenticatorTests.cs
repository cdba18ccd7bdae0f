using System.Text;
using KafkaNet.Broker.Security;

namespace KafkaNet.Broker.Tests.Security;

public class PlainAuthenticatorTests
{
    private static readonly Dictionary<string, string> Users = new() { ["alice"] = "alice-secret", ["bob"] = "b\u00f6b" };

    [Theory]
    [InlineData("\0alice\0alice-secret", "alice")]
    [InlineData("alice\0alice\0alice-secret", "alice")]
    [InlineData("\0bob\0b\u00f6b", "bob")]
    public void Accepts_the_users_password(string token, string user)
    {
        Assert.Equal((user, (string?)null), PlainAuthenticator.Authenticate(Encoding.UTF8.GetBytes(token), Users));
    }

    [Theory]
    [InlineData("\0alice\0wrong")]
    [InlineData("\0alice\0alice-secretx")]
    [InlineData("\0mallory\0alice-secret")]
    [InlineData("\0Alice\0alice-secret")]
    public void Refuses_a_wrong_user_or_password_with_kafkas_message(string token)
    {
        Assert.Equal((null, "Authentication failed: Invalid username or password"), PlainAuthenticator.Authenticate(Encoding.UTF8.GetBytes(token), Users));
    }

    [Fact]
    public void Refuses_an_authorization_id_other_than_the_user()
    {
        Assert.Equal((null, "Authentication failed: Client requested an authorization id that is different from username"),
            PlainAuthenticator.Authenticate(Encoding.UTF8.GetBytes("bob\0alice\0alice-secret"), Users));
    }

    [Theory]
    [InlineData("")]
    [InlineData("alice")]
    [InlineData("\0alice")]
    [InlineData("\0\0alice-secret")]
    [InlineData("\0alice\0")]
    [InlineData("\0alice\0alice-secret\0")]
    public void Refuses_a_malformed_token(string token)
    {
        Assert.Equal((null, PlainAuthenticator.MalformedToken), PlainAuthenticator.Authenticate(Encoding.UTF8.GetBytes(token), Users));
    }
}
