using System.Buffers.Text;
using System.Text.Json;

namespace KafkaNet.Broker.Security.OAuthBearer;

/// <summary>
/// Kafka's default OAUTHBEARER validation, for development only: an unsecured JWT (alg "none", no signature) whose
/// principal claim is a string, with a numeric exp still ahead, an iat (when present) not in the future and before
/// exp, and every required scope, each time check allowing the clock skew. Nothing proves who issued the token.
/// </summary>
public sealed class UnsecuredJwtValidator : IOAuthBearerValidator
{
    private readonly TimeProvider _time;

    public UnsecuredJwtValidator(TimeProvider? time = null) => _time = time ?? TimeProvider.System;

    /// <summary>unsecuredValidatorPrincipalClaimName (sub by default).</summary>
    public string PrincipalClaimName { get; init; } = "sub";

    /// <summary>unsecuredValidatorScopeClaimName (scope by default).</summary>
    public string ScopeClaimName { get; init; } = "scope";

    /// <summary>unsecuredValidatorRequiredScope, split on spaces.</summary>
    public IReadOnlyList<string> RequiredScope { get; init; } = [];

    /// <summary>unsecuredValidatorAllowableClockSkewMs.</summary>
    public TimeSpan AllowableClockSkew { get; init; }

    public OAuthBearerValidation Validate(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        string[] parts = token.Split('.');
        if (parts.Length != 3)
        {
            return OAuthBearerValidation.InvalidToken("an unsecured JWS has three parts separated by '.'");
        }
        if (parts[2].Length != 0)
        {
            return OAuthBearerValidation.InvalidToken("an unsecured JWS must not contain a digital signature");
        }
        if (DecodeObject(parts[0]) is not { } header || DecodeObject(parts[1]) is not { } claims)
        {
            return OAuthBearerValidation.InvalidToken("malformed JSON");
        }
        if (!header.TryGetProperty("alg", out var alg) || alg.ValueKind != JsonValueKind.String || alg.GetString() != "none")
        {
            return OAuthBearerValidation.InvalidToken("Unsecured JWS must have 'none' for an algorithm");
        }
        return ValidateClaims(claims);
    }

    private OAuthBearerValidation ValidateClaims(JsonElement claims)
    {
        if (!claims.TryGetProperty(PrincipalClaimName, out var principal) || principal.ValueKind != JsonValueKind.String)
        {
            return OAuthBearerValidation.InvalidToken("Required claim missing or not a string: " + PrincipalClaimName);
        }
        if (!TryNumber(claims, "exp", out double? exp) || exp is null)
        {
            return OAuthBearerValidation.InvalidToken("Required claim missing or not a number: exp");
        }
        if (!TryNumber(claims, "iat", out double? iat))
        {
            return OAuthBearerValidation.InvalidToken("Claim iat is not a number");
        }
        double nowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        double skewMs = AllowableClockSkew.TotalMilliseconds;
        if (iat is { } issued && issued * 1000 > nowMs + skewMs)
        {
            return OAuthBearerValidation.InvalidToken("The Issued At value is after the current time plus allowable clock skew");
        }
        if (nowMs - skewMs >= exp.Value * 1000)
        {
            return OAuthBearerValidation.InvalidToken("The current time minus allowable clock skew is on or after the Expiration Time");
        }
        if (iat is { } start && exp.Value <= start)
        {
            return OAuthBearerValidation.InvalidToken("The Expiration Time is not after the Issued At time");
        }
        if (ReadScope(claims) is not { } scope)
        {
            return OAuthBearerValidation.InvalidToken("Claim " + ScopeClaimName + " is neither a string nor a list of strings");
        }
        var missing = RequiredScope.FirstOrDefault(s => !scope.Contains(s));
        if (missing is not null)
        {
            // Kafka writes the required scope as a Java list: [a, b].
            return OAuthBearerValidation.InsufficientScope("[" + string.Join(", ", RequiredScope) + "]", "The token's scope is missing a required scope: " + missing);
        }
        var expiry = DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Min(exp.Value * 1000, DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()));
        return OAuthBearerValidation.Valid(new OAuthBearerToken(principal.GetString()!, expiry, scope));
    }

    /// <summary>Space-separated words or a list of strings; null when the claim is something else.</summary>
    private List<string>? ReadScope(JsonElement claims)
    {
        if (!claims.TryGetProperty(ScopeClaimName, out var value))
        {
            return [];
        }
        if (value.ValueKind == JsonValueKind.String)
        {
            return ScopeWords(value.GetString()!);
        }
        if (value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String))
        {
            return value.EnumerateArray().Select(e => e.GetString()!).ToList();
        }
        return null;
    }

    public static List<string> ScopeWords(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();

    /// <summary>False when the claim is there and not a number; true with null when it is absent.</summary>
    private static bool TryNumber(JsonElement claims, string name, out double? value)
    {
        value = null;
        if (!claims.TryGetProperty(name, out var element))
        {
            return true;
        }
        if (element.ValueKind != JsonValueKind.Number)
        {
            return false;
        }
        value = element.GetDouble();
        return true;
    }

    private static JsonElement? DecodeObject(string part)
    {
        try
        {
            using var document = JsonDocument.Parse(Base64Url.DecodeFromChars(part));
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }
}
