using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace KafkaNet.Broker.Security.OAuthBearer;

/// <summary>
/// Kafka's secured OAUTHBEARER validation (OAuthBearerValidatorCallbackHandler): a JWT signed with a key of the JWKS
/// (RSA or EC; "none" is refused), with exp and iat, exp still ahead and nbf passed within the clock skew, the
/// expected audience and issuer when configured, and a non-blank string subject claim that names the principal.
/// </summary>
public sealed class JwksValidator(IJwksSource keys) : IOAuthBearerValidator
{
    private static readonly string[] SignatureAlgorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    private readonly JsonWebTokenHandler _handler = new();

    /// <summary>sasl.oauthbearer.expected.audience: the token's aud must hold one of these; empty checks nothing.</summary>
    public IReadOnlyList<string> ExpectedAudiences { get; init; } = [];

    /// <summary>sasl.oauthbearer.expected.issuer; null checks nothing.</summary>
    public string? ExpectedIssuer { get; init; }

    /// <summary>sasl.oauthbearer.sub.claim.name.</summary>
    public string SubjectClaimName { get; init; } = "sub";

    /// <summary>sasl.oauthbearer.scope.claim.name.</summary>
    public string ScopeClaimName { get; init; } = "scope";

    /// <summary>sasl.oauthbearer.clock.skew.seconds.</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The clock lifetimes are checked against (tests move it).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    public OAuthBearerValidation Validate(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (!_handler.CanReadToken(token))
        {
            return OAuthBearerValidation.InvalidToken("the access token is not a JWT");
        }
        var parameters = new TokenValidationParameters
        {
            IssuerSigningKeys = keys.CurrentKeys(),
            RequireSignedTokens = true,
            ValidAlgorithms = SignatureAlgorithms,
            TryAllIssuerSigningKeys = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ClockSkew = ClockSkew,
            LifetimeValidator = ValidLifetime,
            ValidateAudience = ExpectedAudiences.Count > 0,
            ValidAudiences = ExpectedAudiences,
            ValidateIssuer = ExpectedIssuer is not null,
            ValidIssuer = ExpectedIssuer,
            ValidateIssuerSigningKey = false, // the keys come from the configured key set, which is what is trusted
        };
        // Completes synchronously: the keys are given, nothing is fetched.
        var result = _handler.ValidateTokenAsync(token, parameters).GetAwaiter().GetResult();
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            return OAuthBearerValidation.InvalidToken("Could not validate the access token: " + (result.Exception?.GetType().Name ?? "invalid"));
        }
        if (!jwt.TryGetPayloadValue<long>("iat", out _))
        {
            return OAuthBearerValidation.InvalidToken("Could not validate the access token: no iat claim");
        }
        if (!jwt.TryGetPayloadValue<string>(SubjectClaimName, out string? subject) || string.IsNullOrWhiteSpace(subject))
        {
            return OAuthBearerValidation.InvalidToken($"The {SubjectClaimName} claim is missing, blank or not a string");
        }
        return OAuthBearerValidation.Valid(new OAuthBearerToken(subject.Trim(), new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero), Scope(jwt)));
    }

    private List<string> Scope(JsonWebToken jwt)
    {
        if (jwt.TryGetPayloadValue<string>(ScopeClaimName, out string? words))
        {
            return UnsecuredJwtValidator.ScopeWords(words);
        }
        return jwt.TryGetPayloadValue<List<string>>(ScopeClaimName, out var list) ? list : [];
    }

    /// <summary>The lifetime check on <see cref="Time"/> rather than the machine clock.</summary>
    private bool ValidLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        var now = Time.GetUtcNow().UtcDateTime;
        return expires is { } exp && now - ClockSkew < exp && (notBefore is not { } nbf || nbf <= now + ClockSkew);
    }
}
