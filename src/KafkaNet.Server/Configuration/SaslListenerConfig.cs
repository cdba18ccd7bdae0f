using System.Globalization;
using KafkaNet.Broker.Security;
using KafkaNet.Broker.Security.Scram;

namespace KafkaNet.Server.Configuration;

/// <summary>
/// Reads what a SASL listener accepts, as Kafka's broker reads it: listener.name.&lt;listener&gt;.sasl.enabled.mechanisms
/// (else sasl.enabled.mechanisms, GSSAPI by default), the PLAIN users (user_NAME="password") of
/// listener.name.&lt;listener&gt;.plain.sasl.jaas.config, the OAUTHBEARER validation (see OAuthBearerListenerConfig) and
/// connections.max.reauth.ms. KafkaNet serves PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 (whose users live in the metadata
/// log) and OAUTHBEARER: any other mechanism is refused at startup rather than silently left out.
/// </summary>
internal static class SaslListenerConfig
{
    public const string PlainLoginModule = "org.apache.kafka.common.security.plain.PlainLoginModule";

    private const string UserOptionPrefix = "user_";

    /// <summary>The mechanisms a SASL listener may enable.</summary>
    public static IReadOnlyList<string> ServedMechanisms { get; } = [SaslListenerSettings.Plain, .. ScramMechanism.All.Select(m => m.Name), SaslListenerSettings.OAuthBearer];

    /// <exception cref="ConfigException">The listener enables a mechanism KafkaNet does not serve, none it serves, or one it cannot configure.</exception>
    public static SaslListenerSettings Read(BrokerConfig config, ListenerEndpoint listener)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(listener);
        string prefix = "listener.name." + listener.Name.ToLowerInvariant() + ".";
        string mechanismsName = prefix + BrokerConfigDefinitions.SaslEnabledMechanisms.Name;
        IReadOnlyList<string> mechanisms = config.Properties.TryGetValue(mechanismsName, out string? written)
            ? written.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            : config.SaslEnabledMechanisms;
        if (written is null)
        {
            mechanismsName = BrokerConfigDefinitions.SaslEnabledMechanisms.Name;
        }
        string listed = string.Join(",", mechanisms);
        var unsupported = mechanisms.Where(m => !ServedMechanisms.Contains(m)).ToList();
        if (mechanisms.Count == 0 || unsupported.Count == mechanisms.Count)
        {
            throw new ConfigException(mechanismsName, listed,
                $"SASL listener {listener.Name} enables no mechanism KafkaNet serves; it serves {string.Join(", ", ServedMechanisms)}");
        }
        if (unsupported.Count > 0)
        {
            throw new ConfigException(mechanismsName, listed,
                $"SASL mechanism {string.Join(", ", unsupported)} is not supported on listener {listener.Name}; KafkaNet serves {string.Join(", ", ServedMechanisms)}");
        }
        bool plain = mechanisms.Contains(SaslListenerSettings.Plain);
        ScramJaasConfig.Check(config, prefix, mechanisms);
        return new SaslListenerSettings
        {
            EnabledMechanisms = [.. mechanisms.Distinct(StringComparer.Ordinal)],
            PlainUsers = plain ? ReadPlainUsers(config, prefix + "plain.sasl.jaas.config", listener.Name) : new Dictionary<string, string>(StringComparer.Ordinal),
            OAuthBearerValidator = mechanisms.Contains(SaslListenerSettings.OAuthBearer)
                ? OAuthBearerListenerConfig.ReadValidator(config, prefix, listener.Name)
                : null,
            FailedAuthenticationDelay = TimeSpan.FromMilliseconds(config.ConnectionFailedAuthenticationDelayMs),
            MaxReceiveSize = config.SaslServerMaxReceiveSize,
            ConnectionsMaxReauthMs = mechanisms.Distinct().ToDictionary(m => m, m => OAuthBearerListenerConfig.MaxReauthMs(config, prefix, m), StringComparer.Ordinal),
        };
    }

    private static Dictionary<string, string> ReadPlainUsers(BrokerConfig config, string name, string listenerName)
    {
        if (!config.Properties.TryGetValue(name, out string? text))
        {
            throw new ConfigException(name, null, $"SASL listener {listenerName} enables PLAIN and needs a JAAS configuration listing its users");
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
        if (jaas.LoginModule != PlainLoginModule)
        {
            throw new ConfigException(name, "[hidden]", string.Format(CultureInfo.InvariantCulture, "the login module is {0}, PLAIN needs {1}", jaas.LoginModule, PlainLoginModule));
        }
        var users = jaas.Options.Where(o => o.Key.StartsWith(UserOptionPrefix, StringComparison.Ordinal) && o.Key.Length > UserOptionPrefix.Length)
            .ToDictionary(o => o.Key[UserOptionPrefix.Length..], o => o.Value, StringComparer.Ordinal);
        if (users.Count == 0)
        {
            throw new ConfigException(name, "[hidden]", "no user_NAME=\"password\" entries: no client could authenticate");
        }
        return users;
    }
}
