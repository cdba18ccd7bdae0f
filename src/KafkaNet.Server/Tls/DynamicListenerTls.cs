using System.Collections.Frozen;
using System.Net.Security;
using KafkaNet.Broker.Configs;
using KafkaNet.Server.Configuration;
using Microsoft.Extensions.Logging;

namespace KafkaNet.Server.Tls;

/// <summary>
/// Kafka's dynamic keystore and truststore update (KIP-226): ssl.keystore.*, ssl.key.password and ssl.truststore.*
/// set as dynamic configs of this broker, for one listener (listener.name.&lt;listener&gt;.ssl.*) or for every SSL
/// listener without its own value, replace the listener's stores. The file's properties with the dynamic values over
/// them are read as at startup; a change is checked before it is stored (the stores load, the certificate keeps its
/// names) and then applied to new connections. Other TLS settings (client auth, protocols, cipher suites) keep the
/// values the listener started with.
/// </summary>
internal sealed class DynamicListenerTls(BrokerConfig config, IReadOnlyDictionary<string, ListenerTls> listeners, ILogger logger) : IBrokerReconfigurable
{
    // Kafka's SslConfigs.RECONFIGURABLE_CONFIGS, and the two switches of the name check.
    private static readonly FrozenSet<string> StoreConfigs = FrozenSet.Create(StringComparer.Ordinal,
        "ssl.keystore.type", "ssl.keystore.location", "ssl.keystore.password", "ssl.key.password",
        "ssl.keystore.certificate.chain", "ssl.keystore.key",
        "ssl.truststore.type", "ssl.truststore.location", "ssl.truststore.password", "ssl.truststore.certificates",
        CertificateNames.AllowDnChanges, CertificateNames.AllowSanChanges);

    public bool Reconfigures(string name) =>
        StoreConfigs.Contains(BrokerConfigCatalog.TrySplitListenerConfig(name, out _, out string baseName) ? baseName : name);

    public string? Validate(BrokerConfigLayers proposed)
    {
        ArgumentNullException.ThrowIfNull(proposed);
        try
        {
            var merged = Merge(proposed);
            foreach (var (name, tls) in listeners)
            {
                Prepare(merged, name, tls);
            }
            return null;
        }
        catch (ConfigException e)
        {
            return "Validation of dynamic config update of SSLFactory failed: " + e.Message;
        }
    }

    public void Reconfigure(BrokerConfigLayers layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        BrokerConfig merged;
        try
        {
            merged = Merge(layers);
        }
        catch (ConfigException e)
        {
            Log.TlsReloadFailed(logger, string.Join(',', listeners.Keys), e.Message);
            return;
        }
        foreach (var (name, tls) in listeners)
        {
            try
            {
                if (Prepare(merged, name, tls) is var (next, options))
                {
                    tls.Replace(next, options);
                }
            }
            catch (ConfigException e)
            {
                // Checked before it was stored; stores changed on disk since keep the listener as it was.
                Log.TlsReloadFailed(logger, name, e.Message);
            }
        }
    }

    // The file's properties with the dynamic store configs over them: the cluster-wide defaults, then this broker's.
    private BrokerConfig Merge(BrokerConfigLayers layers)
    {
        var properties = new Dictionary<string, string>(config.Properties, StringComparer.Ordinal);
        foreach (var layer in new[] { layers.DynamicDefault, layers.DynamicBroker })
        {
            foreach (var (name, value) in layer)
            {
                if (Reconfigures(name))
                {
                    properties[name] = value;
                }
            }
        }
        return ServerConfigurationLoader.FromProperties(properties).Config;
    }

    /// <returns>The listener's new settings and handshake options; null when its stores stay as they are.</returns>
    /// <exception cref="ConfigException">The new stores cannot be used.</exception>
    private static (TlsListenerSettings, SslServerAuthenticationOptions)? Prepare(BrokerConfig merged, string name, ListenerTls tls)
    {
        var current = tls.Settings;
        var read = TlsListenerConfig.Read(merged, merged.Listeners.First(l => l.Name == name));
        if (read.Keystore == current.Keystore && read.InlineKey == current.InlineKey && read.KeyPassword == current.KeyPassword
            && read.Truststore == current.Truststore)
        {
            return null;
        }
        var next = new TlsListenerSettings
        {
            ListenerName = current.ListenerName,
            Keystore = read.Keystore,
            InlineKey = read.InlineKey,
            KeyPassword = read.KeyPassword,
            Truststore = read.Truststore,
            ClientAuth = current.ClientAuth,
            EnabledProtocols = current.EnabledProtocols,
            CipherSuites = current.CipherSuites,
            PrincipalMapper = current.PrincipalMapper,
        };
        return (next, tls.Prepare(next, Allowed(merged, name, CertificateNames.AllowDnChanges), Allowed(merged, name, CertificateNames.AllowSanChanges)));
    }

    // The listener's own value, else the broker-wide one; false unless written true.
    private static bool Allowed(BrokerConfig merged, string listener, string config)
    {
        string prefixed = BrokerConfigCatalog.ListenerPrefix + listener.ToLowerInvariant() + "." + config;
        string? value = merged.Properties.GetValueOrDefault(prefixed) ?? merged.Properties.GetValueOrDefault(config);
        return string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);
    }
}
