namespace KafkaNet.Broker.Security.OAuthBearer;

/// <summary>What a valid token says: who it names, until when, and its scope.</summary>
public sealed record OAuthBearerToken(string PrincipalName, DateTimeOffset Expiry, IReadOnlyList<string> Scope);

/// <summary>
/// A validator's verdict: the token, or the RFC 7628 error status ("invalid_token", "insufficient_scope") and the
/// scope that was missing, with a reason for the broker's debug log. Reasons never quote the token.
/// </summary>
public sealed record OAuthBearerValidation(OAuthBearerToken? Token, string? ErrorStatus, string? ErrorScope, string? Reason)
{
    public static OAuthBearerValidation Valid(OAuthBearerToken token) => new(token, null, null, null);

    public static OAuthBearerValidation InvalidToken(string reason) => new(null, "invalid_token", null, reason);

    public static OAuthBearerValidation InsufficientScope(string requiredScope, string reason) => new(null, "insufficient_scope", requiredScope, reason);

    /// <summary>The server's error challenge (RFC 7628 section 3.2.2), laid out as Kafka's broker writes it.</summary>
    public string ErrorJson()
    {
        string json = "{\"status\":\"" + ErrorStatus + "\"";
        if (ErrorScope is not null)
        {
            json += ", \"scope\":\"" + ErrorScope + "\"";
        }
        return json + "}";
    }
}

/// <summary>Checks a bearer token; one per listener, shared by its connections, so implementations are thread-safe.</summary>
public interface IOAuthBearerValidator
{
    OAuthBearerValidation Validate(string token);
}
