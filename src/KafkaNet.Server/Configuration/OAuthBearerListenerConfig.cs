using System.Globalization;
using KafkaNet.Broker.Security;
using KafkaNet.Broker.Security.OAuthBearer;
using Defs = KafkaNet.Server.Configuration.BrokerConfigDefinitions;

namespace KafkaNet.Server.Configuration;

/// <summary>
/// Reads how a SASL listener validates OAUTHBEARER tokens, as Kafka's broker chooses: the listener's
/// oauthbearer.sasl.jaas.config names the OAuthBearerLoginModule; with oauthbearer.sasl.server.callback.handler.class
/// set to OAuthBearerValidatorCallbackHandler tokens are signed JWTs checked against sasl.oauthbearer.jwks.endpoint.url,
/// otherwise unsecured JWTs with the unsecuredValidator* JAAS options. Also connections.max.reauth.ms per mechanism.
/// </summary>
internal static class OAuthBearerListenerConfig
{
    public const string LoginModule = "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule";

    /// <summary>The class names Kafka gives its JWKS validator (the older one under .secured still works in Kafka).</summary>
    public static readonly string[] SecuredHandlers =
    [
        "org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallbackHandler",
        "org.apache.kafka.common.security.oauthbearer.secured.OAuthBearerValidatorCallbackHandler",
    ];

    public const string UnsecuredHandler = "org.apache.kafka.common.security.oauthbearer.internals.unsecured.OAuthBearerUnsecuredValidatorCallbackHandler";

    private const string MechanismPrefix = "oauthbearer.";

    /// <exception cref="ConfigException">The JAAS entry is missing or wrong, the handler unknown, or the key set unusable.</exception>
    public static IOAuthBearerValidator ReadValidator(BrokerConfig config, string listenerPrefix, string listenerName)
    {
        string prefix = listenerPrefix + MechanismPrefix;
        var jaas = ReadJaas(config, prefix + "sasl.jaas.config", listenerName);
        string? handler = Lookup(config, prefix, Defs.SaslServerCallbackHandlerClass, out string writtenAs) as string;
        if (handler is null || handler == UnsecuredHandler)
        {
            return Unsecured(jaas, prefix + "sasl.jaas.config");
        }
        if (!SecuredHandlers.Contains(handler))
        {
            throw new ConfigException(writtenAs, handler, "KafkaNet validates OAUTHBEARER tokens with " + SecuredHandlers[0] + " or, unset, unsecured JWTs");
        }
        return Secured(config, prefix, jaas);
    }

    /// <summary>connections.max.reauth.ms for the mechanism on the listener: listener.name.L.mech.*, then listener.name.L.*, then the broker's.</summary>
    public static long MaxReauthMs(BrokerConfig config, string listenerPrefix, string mechanism)
    {
        var row = Defs.ConnectionsMaxReauthMs;
        foreach (string name in new[] { listenerPrefix + mechanism.ToLowerInvariant() + "." + row.Name, listenerPrefix + row.Name })
        {
            if (config.Properties.TryGetValue(name, out string? text))
            {
                return (long)row.Parse(text, name);
            }
        }
        return (long)config.GetValue(row.Name)!;
    }

    private static UnsecuredJwtValidator Unsecured(JaasConfig jaas, string jaasName)
    {
        var options = jaas.Options;
        string? skewText = options.GetValueOrDefault("unsecuredValidatorAllowableClockSkewMs");
        int skewMs = 0;
        if (!string.IsNullOrWhiteSpace(skewText) && (!int.TryParse(skewText.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out skewMs)))
        {
            throw new ConfigException(jaasName, "[hidden]", "unsecuredValidatorAllowableClockSkewMs must be a non-negative whole number of milliseconds");
        }
        return new UnsecuredJwtValidator
        {
            PrincipalClaimName = NonBlank(options, "unsecuredValidatorPrincipalClaimName") ?? "sub",
            ScopeClaimName = NonBlank(options, "unsecuredValidatorScopeClaimName") ?? "scope",
            RequiredScope = NonBlank(options, "unsecuredValidatorRequiredScope") is { } scope ? UnsecuredJwtValidator.ScopeWords(scope) : [],
            AllowableClockSkew = TimeSpan.FromMilliseconds(skewMs),
        };
    }

    private static JwksValidator Secured(BrokerConfig config, string prefix, JaasConfig jaas)
    {
        var urlText = Lookup(config, prefix, Defs.SaslOAuthBearerJwksEndpointUrl, out string urlName) as string;
        if (string.IsNullOrWhiteSpace(urlText))
        {
            throw new ConfigException(urlName, null, "OAuthBearerValidatorCallbackHandler needs the JWKS of the token issuer (a file: or https: URL)");
        }
        return new JwksValidator(JwksSource(config, prefix, urlText.Trim(), urlName, jaas))
        {
            ExpectedAudiences = (IReadOnlyList<string>)Lookup(config, prefix, Defs.SaslOAuthBearerExpectedAudience, out _)!,
            ExpectedIssuer = Lookup(config, prefix, Defs.SaslOAuthBearerExpectedIssuer, out _) as string,
            SubjectClaimName = (string)Lookup(config, prefix, Defs.SaslOAuthBearerSubClaimName, out _)!,
            ScopeClaimName = (string)Lookup(config, prefix, Defs.SaslOAuthBearerScopeClaimName, out _)!,
            ClockSkew = TimeSpan.FromSeconds((int)Lookup(config, prefix, Defs.SaslOAuthBearerClockSkewSeconds, out _)!),
        };
    }

    private static IJwksSource JwksSource(BrokerConfig config, string prefix, string url, string urlName, JaasConfig jaas)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("file" or "https"))
        {
            throw new ConfigException(urlName, url, "a JWKS URL is file: or https:");
        }
        try
        {
            if (uri.Scheme == "file")
            {
                return new JwksFile(uri.LocalPath);
            }
            long refreshMs = (long)Lookup(config, prefix, Defs.SaslOAuthBearerJwksEndpointRefreshMs, out _)!;
            return JwksEndpoint.Start(uri, TimeSpan.FromMilliseconds(refreshMs), JwksTlsOptions.Read(jaas.Options, prefix + "sasl.jaas.config"));
        }
        catch (InvalidDataException e)
        {
            throw new ConfigException(urlName, url, e.Message);
        }
    }

    /// <summary>The listener-and-mechanism value when written, else the broker's (or the default).</summary>
    private static object? Lookup(BrokerConfig config, string prefix, ConfigDefinition row, out string writtenAs)
    {
        writtenAs = prefix + row.Name;
        if (config.Properties.TryGetValue(writtenAs, out string? text))
        {
            return row.Parse(text, writtenAs);
        }
        writtenAs = row.Name;
        return config.GetValue(row.Name);
    }

    private static JaasConfig ReadJaas(BrokerConfig config, string name, string listenerName)
    {
        if (!config.Properties.TryGetValue(name, out string? text))
        {
            throw new ConfigException(name, null, $"SASL listener {listenerName} enables OAUTHBEARER and needs a JAAS configuration naming {LoginModule}");
        }
        JaasConfig jaas;
        try
        {
            jaas = JaasConfig.Parse(text);
        }
        catch (FormatException e)
        {
            throw new ConfigException(name, "[hidden]", e.Message);
        }
        if (jaas.LoginModule != LoginModule)
        {
            throw new ConfigException(name, "[hidden]", string.Format(CultureInfo.InvariantCulture, "the login module is {0}, OAUTHBEARER needs {1}", jaas.LoginModule, LoginModule));
        }
        return jaas;
    }

    private static string? NonBlank(IReadOnlyDictionary<string, string> options, string key) =>
        options.TryGetValue(key, out string? value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
