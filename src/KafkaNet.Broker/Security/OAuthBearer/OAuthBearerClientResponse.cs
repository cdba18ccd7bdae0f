using System.Text;
using System.Text.RegularExpressions;

namespace KafkaNet.Broker.Security.OAuthBearer;

/// <summary>
/// The client's message of SASL/OAUTHBEARER (RFC 7628 section 3.1):
/// <c>n,[a=authzid],^Aauth=Bearer token^A[key=value^A...]^A</c>, where ^A is 0x01. The authorization id is kept as
/// written (compared with the principal, as Kafka compares it); keys other than auth are the SASL extensions.
/// </summary>
public sealed partial class OAuthBearerClientResponse
{
    private const string AuthKey = "auth";

    private OAuthBearerClientResponse(string authorizationId, string token, IReadOnlyDictionary<string, string> extensions)
    {
        AuthorizationId = authorizationId;
        Token = token;
        Extensions = extensions;
    }

    /// <summary>"" when the client named none.</summary>
    public string AuthorizationId { get; }

    /// <summary>The bearer token; never logged.</summary>
    public string Token { get; }

    public IReadOnlyDictionary<string, string> Extensions { get; }

    /// <summary>The parsed message, or null when it does not follow the grammar (a duplicate key counts as malformed).</summary>
    public static OAuthBearerClientResponse? TryParse(ReadOnlySpan<byte> message)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(message);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
        var whole = MessageGrammar().Match(text);
        if (!whole.Success)
        {
            return null;
        }
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Capture pair in whole.Groups["pair"].Captures)
        {
            int equals = pair.Value.IndexOf('=', StringComparison.Ordinal);
            if (!pairs.TryAdd(pair.Value[..equals], pair.Value[(equals + 1)..^1]))
            {
                return null;
            }
        }
        if (!pairs.Remove(AuthKey, out string? auth) || AuthGrammar().Match(auth) is not { Success: true } bearer)
        {
            return null;
        }
        return new OAuthBearerClientResponse(whole.Groups["authzid"].Value, bearer.Groups["token"].Value, pairs);
    }

    // gs2 header "n," with an optional a=saslname (RFC 5801), then key=value pairs each ended by 0x01, then a final 0x01.
    [GeneratedRegex(@"\An,(?:a=(?<authzid>(?:[\x01-\x2B\x2D-\x3C\x3E-\x7F]|=2C|=3D)+))?,\x01(?<pair>[A-Za-z]+=[\x21-\x7E \t\r\n]+\x01)*\x01\z", RegexOptions.CultureInvariant)]
    private static partial Regex MessageGrammar();

    // RFC 6750 b64token after the case-insensitive scheme "Bearer".
    [GeneratedRegex(@"\A[Bb][Ee][Aa][Rr][Ee][Rr] +(?<token>[-_~+/.A-Za-z0-9]+=*)\z", RegexOptions.CultureInvariant)]
    private static partial Regex AuthGrammar();
}
