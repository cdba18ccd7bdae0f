using System.Security.Cryptography;
using System.Text;

namespace KafkaNet.Broker.Security;

/// <summary>
/// Checks a SASL/PLAIN token (RFC 4616: authzid NUL authcid NUL password, UTF-8) against the listener's users.
/// As Kafka, an authorization id, when given, must equal the user name; passwords compare in constant time.
/// </summary>
public static class PlainAuthenticator
{
    /// <summary>Kafka's answer to a wrong user name or password.</summary>
    public const string InvalidCredentials = "Authentication failed: Invalid username or password";

    /// <summary>Kafka's answer to a token that is not a PLAIN response.</summary>
    public const string MalformedToken = "Authentication failed during authentication due to invalid credentials with SASL mechanism PLAIN";

    /// <summary>The user name the token proves, or null with the reason, worded as Kafka's PLAIN server words it.</summary>
    public static (string? UserName, string? Error) Authenticate(ReadOnlySpan<byte> token, IReadOnlyDictionary<string, string> users)
    {
        ArgumentNullException.ThrowIfNull(users);
        if (!TryParse(token, out string authorizationId, out string userName, out byte[] password))
        {
            return (null, MalformedToken);
        }
        if (authorizationId.Length > 0 && authorizationId != userName)
        {
            return (null, "Authentication failed: Client requested an authorization id that is different from username");
        }
        // An unknown user still costs a comparison, so timing tells nothing about which names exist.
        byte[] expected = Encoding.UTF8.GetBytes(users.TryGetValue(userName, out string? known) ? known : "");
        bool matches = CryptographicOperations.FixedTimeEquals(SHA256.HashData(password), SHA256.HashData(expected));
        return matches && known is not null ? (userName, null) : (null, InvalidCredentials);
    }

    /// <summary>Splits the token into its three parts; false when it has not exactly two NULs or an empty user name or password.</summary>
    public static bool TryParse(ReadOnlySpan<byte> token, out string authorizationId, out string userName, out byte[] password)
    {
        authorizationId = userName = "";
        password = [];
        int first = token.IndexOf((byte)0);
        if (first < 0)
        {
            return false;
        }
        var rest = token[(first + 1)..];
        int second = rest.IndexOf((byte)0);
        if (second < 0 || rest[(second + 1)..].Contains((byte)0))
        {
            return false;
        }
        var user = rest[..second];
        var secret = rest[(second + 1)..];
        if (user.IsEmpty || secret.IsEmpty)
        {
            return false;
        }
        authorizationId = Encoding.UTF8.GetString(token[..first]);
        userName = Encoding.UTF8.GetString(user);
        password = secret.ToArray();
        return true;
    }
}
