namespace KafkaNet.Server.Configuration;

/// <summary>
/// SASL/OAUTHBEARER and re-authentication rows. Each may also be written for one listener and mechanism
/// (listener.name.&lt;listener&gt;.oauthbearer.&lt;name&gt;), which wins, as in Kafka.
/// </summary>
public static partial class BrokerConfigDefinitions
{
    public static readonly ConfigDefinition ConnectionsMaxReauthMs = Define(
        "connections.max.reauth.ms", ConfigType.Long, "0",
        "The longest a SASL session lasts before the client must re-authenticate on its connection (KIP-368); 0 sets no limit beyond the credential's expiry.",
        ConfigValidators.AtLeast(0));

    public static readonly ConfigDefinition SaslServerCallbackHandlerClass = Define(
        "sasl.server.callback.handler.class", ConfigType.String, null,
        "How OAUTHBEARER tokens are validated: Kafka's OAuthBearerValidatorCallbackHandler checks signed JWTs against sasl.oauthbearer.jwks.endpoint.url; unset accepts unsecured JWTs (development only).");

    public static readonly ConfigDefinition SaslOAuthBearerJwksEndpointUrl = Define(
        "sasl.oauthbearer.jwks.endpoint.url", ConfigType.String, null,
        "Where the keys that sign tokens are: a file: URL of a JSON Web Key Set (read again when it changes) or an https: URL (fetched every sasl.oauthbearer.jwks.endpoint.refresh.ms).");

    public static readonly ConfigDefinition SaslOAuthBearerJwksEndpointRefreshMs = Define(
        "sasl.oauthbearer.jwks.endpoint.refresh.ms", ConfigType.Long, "3600000",
        "How often an https: JWKS endpoint is fetched again.",
        ConfigValidators.AtLeast(1));

    public static readonly ConfigDefinition SaslOAuthBearerExpectedAudience = Define(
        "sasl.oauthbearer.expected.audience", ConfigType.List, "",
        "Audiences of which a token's aud claim must hold one; empty checks no audience.");

    public static readonly ConfigDefinition SaslOAuthBearerExpectedIssuer = Define(
        "sasl.oauthbearer.expected.issuer", ConfigType.String, null,
        "The iss claim a token must have; unset checks no issuer.");

    public static readonly ConfigDefinition SaslOAuthBearerSubClaimName = Define(
        "sasl.oauthbearer.sub.claim.name", ConfigType.String, "sub",
        "The claim that names the token's principal.");

    public static readonly ConfigDefinition SaslOAuthBearerScopeClaimName = Define(
        "sasl.oauthbearer.scope.claim.name", ConfigType.String, "scope",
        "The claim that holds the token's scope.");

    public static readonly ConfigDefinition SaslOAuthBearerClockSkewSeconds = Define(
        "sasl.oauthbearer.clock.skew.seconds", ConfigType.Int, "30",
        "Seconds of difference between the broker's clock and the token issuer's that lifetimes allow.",
        ConfigValidators.AtLeast(0));
}
