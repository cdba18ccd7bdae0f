using System.Globalization;
using System.Text;

namespace KafkaNet.Broker.Security.OAuthBearer;

/// <summary>
/// SASL/OAUTHBEARER (RFC 7628) as Kafka's broker serves it: the client's one message carries the token; a valid one
/// authenticates User:&lt;principal claim&gt; until the token expires. An invalid one is answered with the JSON error
/// as a challenge; the client's 0x01 acknowledgement then fails the exchange with that JSON as the error message.
/// </summary>
public sealed class OAuthBearerSaslServer(IOAuthBearerValidator validator) : ISaslServer
{
    /// <summary>Kafka's answer to a message that is not an OAUTHBEARER client response.</summary>
    public const string MalformedMessage = "Authentication failed during authentication due to invalid credentials with SASL mechanism OAUTHBEARER";

    private const byte Kvsep = 0x01;

    private string? _sentError;

    public string Mechanism => SaslListenerSettings.OAuthBearer;

    /// <summary>The SASL extensions of the accepted message (empty before).</summary>
    public IReadOnlyDictionary<string, string> Extensions { get; private set; } = new Dictionary<string, string>();

    public SaslOutcome Evaluate(ReadOnlySpan<byte> clientMessage)
    {
        if (_sentError is not null && clientMessage.Length == 1 && clientMessage[0] == Kvsep)
        {
            return SaslOutcome.Failure(_sentError);
        }
        _sentError = null;
        var response = OAuthBearerClientResponse.TryParse(clientMessage);
        if (response is null)
        {
            return SaslOutcome.Failure(MalformedMessage);
        }
        var validation = validator.Validate(response.Token);
        if (validation.Token is not { } token)
        {
            _sentError = validation.ErrorJson();
            return SaslOutcome.Challenge(Encoding.UTF8.GetBytes(_sentError));
        }
        if (response.AuthorizationId.Length > 0 && response.AuthorizationId != token.PrincipalName)
        {
            return SaslOutcome.Failure(string.Format(CultureInfo.InvariantCulture,
                "Authentication failed: Client requested an authorization id ({0}) that is different from the token's principal name ({1})",
                response.AuthorizationId, token.PrincipalName));
        }
        Extensions = response.Extensions;
        return SaslOutcome.Success(token.PrincipalName) with { CredentialExpiry = token.Expiry };
    }
}
