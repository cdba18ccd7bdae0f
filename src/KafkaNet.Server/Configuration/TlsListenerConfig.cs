using System.Net.Security;
using System.Security.Authentication;
using KafkaNet.Broker.Security.Tls;
using KafkaNet.Server.Tls;
using Defs = KafkaNet.Server.Configuration.BrokerConfigDefinitions;

namespace KafkaNet.Server.Configuration;

/// <summary>
/// Reads an SSL or SASL_SSL listener's TLS settings as Kafka does: each ssl.* property from
/// listener.name.&lt;listener&gt;.ssl.* when written there, else the broker-wide one. Checks them all at startup, so a
/// typo in a protocol or cipher suite name stops the broker instead of silently weakening or breaking TLS.
/// </summary>
internal static class TlsListenerConfig
{
    private static readonly Dictionary<string, SslProtocols> Protocols = new(StringComparer.Ordinal)
    {
        ["TLSv1.2"] = SslProtocols.Tls12,
        ["TLSv1.3"] = SslProtocols.Tls13,
    };

    private static readonly Dictionary<string, TlsCipherSuite> CipherSuitesByName =
        Enum.GetValues<TlsCipherSuite>().ToDictionary(s => s.ToString(), StringComparer.Ordinal);

    /// <exception cref="ConfigException">A setting is invalid or the stores are incomplete.</exception>
    public static TlsListenerSettings Read(BrokerConfig config, ListenerEndpoint listener)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(listener);
        var read = new ListenerProperties(config, listener);
        var (keystore, inlineKey) = ReadKeystore(read, listener.Name);
        return new TlsListenerSettings
        {
            ListenerName = listener.Name,
            Keystore = keystore,
            InlineKey = inlineKey,
            KeyPassword = read.Get(Defs.SslKeyPassword).Value,
            Truststore = ReadTruststore(read),
            ClientAuth = ReadClientAuth(read.Get(Defs.SslClientAuth)),
            EnabledProtocols = ReadProtocols(read.Get(Defs.SslEnabledProtocols)),
            CipherSuites = ReadCipherSuites(read.Get(Defs.SslCipherSuites)),
            PrincipalMapper = ReadMappingRules(read.Get(Defs.SslPrincipalMappingRules)),
        };
    }

    private static (StoreSource Store, string? InlineKey) ReadKeystore(ListenerProperties read, string listenerName)
    {
        var type = ReadStoreType(read.Get(Defs.SslKeystoreType));
        var location = read.Get(Defs.SslKeystoreLocation);
        var chain = read.Get(Defs.SslKeystoreCertificateChain);
        var key = read.Get(Defs.SslKeystoreKey);
        if (type != StoreSource.Pem)
        {
            RefuseInline(chain, $"a {type} keystore is a file; PEM text needs ssl.keystore.type=PEM");
            RefuseInline(key, $"a {type} keystore is a file; PEM text needs ssl.keystore.type=PEM");
        }
        else if (chain.Value is not null || key.Value is not null)
        {
            bool inlineForListener = IsListenerLevel(chain) || IsListenerLevel(key);
            if (location.Value is not null && IsListenerLevel(location) == inlineForListener)
            {
                throw new ConfigException(location.Name, location.Value, "a PEM keystore is either a file or ssl.keystore.certificate.chain with ssl.keystore.key, not both");
            }
            if (IsListenerLevel(location) && !inlineForListener)
            {
                return (new StoreSource(type, location.Value, null, null, location.Name), null);
            }
            if (chain.Value is null || key.Value is null)
            {
                var missing = chain.Value is null ? chain : key;
                throw new ConfigException(missing.Name, null, "an inline PEM keystore needs both ssl.keystore.certificate.chain and ssl.keystore.key");
            }
            return (new StoreSource(type, null, null, chain.Value, location.Name), key.Value);
        }
        if (location.Value is null)
        {
            throw new ConfigException(location.Name, null, $"SSL listener {listenerName} needs a keystore");
        }
        return (new StoreSource(type, location.Value, read.Get(Defs.SslKeystorePassword).Value, null, location.Name), null);
    }

    private static StoreSource? ReadTruststore(ListenerProperties read)
    {
        var type = ReadStoreType(read.Get(Defs.SslTruststoreType));
        var location = read.Get(Defs.SslTruststoreLocation);
        var certificates = read.Get(Defs.SslTruststoreCertificates);
        if (type != StoreSource.Pem)
        {
            RefuseInline(certificates, $"a {type} truststore is a file; PEM text needs ssl.truststore.type=PEM");
        }
        else if (certificates.Value is not null && location.Value is not null)
        {
            if (IsListenerLevel(certificates) == IsListenerLevel(location))
            {
                throw new ConfigException(location.Name, location.Value, "a PEM truststore is either a file or ssl.truststore.certificates, not both");
            }
            // The listener's own setting wins over the broker-wide one.
            return IsListenerLevel(location)
                ? new StoreSource(type, location.Value, null, null, location.Name)
                : new StoreSource(type, null, null, certificates.Value, location.Name);
        }
        return location.Value is null && certificates.Value is null
            ? null
            : new StoreSource(type, location.Value, read.Get(Defs.SslTruststorePassword).Value, certificates.Value, location.Name);
    }

    internal static string ReadStoreType((string Name, string? Value) type)
    {
        // Kafka's default is JKS; JKS, JCEKS and PKCS12 files are read by content, as Java 9+ does.
        string written = type.Value ?? StoreSource.Jks;
        return written.ToUpperInvariant() switch
        {
            StoreSource.Jks => StoreSource.Jks,
            StoreSource.Jceks => StoreSource.Jceks,
            StoreSource.Pkcs12 => StoreSource.Pkcs12,
            StoreSource.Pem => StoreSource.Pem,
            _ => throw new ConfigException(type.Name, written, "KafkaNet reads JKS, JCEKS, PKCS12 and PEM stores"),
        };
    }

    private static bool IsListenerLevel((string Name, string? Value) setting) =>
        setting.Value is not null && setting.Name.StartsWith(ListenerProperties.Prefix, StringComparison.Ordinal);

    private static void RefuseInline((string Name, string? Value) setting, string reason)
    {
        if (setting.Value is not null)
        {
            throw new ConfigException(setting.Name, "[hidden]", reason);
        }
    }

    private static ClientAuthentication ReadClientAuth((string Name, string? Value) setting) =>
        (setting.Value ?? "none").ToLowerInvariant() switch
        {
            "none" => ClientAuthentication.None,
            "requested" => ClientAuthentication.Requested,
            "required" => ClientAuthentication.Required,
            _ => throw new ConfigException(setting.Name, setting.Value, "String must be one of: required, requested, none"),
        };

    private static SslProtocols ReadProtocols((string Name, string? Value) setting)
    {
        var names = SplitList(setting.Value);
        if (names.Count == 0)
        {
            throw new ConfigException(setting.Name, setting.Value, "at least one TLS version must be enabled");
        }
        var protocols = SslProtocols.None;
        foreach (string name in names)
        {
            protocols |= Protocols.TryGetValue(name, out var protocol)
                ? protocol
                : throw new ConfigException(setting.Name, setting.Value, $"unknown or unsupported TLS version {name}; KafkaNet serves TLSv1.2 and TLSv1.3");
        }
        return protocols;
    }

    private static List<TlsCipherSuite>? ReadCipherSuites((string Name, string? Value) setting)
    {
        var names = SplitList(setting.Value);
        if (names.Count == 0)
        {
            return null;
        }
        var suites = new List<TlsCipherSuite>();
        foreach (string name in names)
        {
            // Java still accepts the SSL_ spelling of the oldest suites; the standard name begins TLS_.
            string standard = name.StartsWith("SSL_", StringComparison.Ordinal) ? "TLS_" + name[4..] : name;
            suites.Add(CipherSuitesByName.TryGetValue(standard, out var suite)
                ? suite
                : throw new ConfigException(setting.Name, setting.Value, $"unknown cipher suite {name}"));
        }
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            throw new ConfigException(setting.Name, setting.Value, "cipher suites can be limited on Linux and macOS only");
        }
        return suites;
    }

    private static SslPrincipalMapper ReadMappingRules((string Name, string? Value) setting)
    {
        try
        {
            return SslPrincipalMapper.Parse(setting.Value);
        }
        catch (FormatException e)
        {
            throw new ConfigException(setting.Name, setting.Value, e.Message);
        }
    }

    private static List<string> SplitList(string? text) =>
        [.. (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];

    /// <summary>A listener's view of the properties: listener.name.&lt;listener&gt;.X when written, else X.</summary>
    private sealed class ListenerProperties(BrokerConfig config, ListenerEndpoint listener)
    {
        public const string Prefix = "listener.name.";

        private readonly string _prefix = Prefix + listener.Name.ToLowerInvariant() + ".";

        /// <returns>The property the value came from (for messages) and the value, null when unset.</returns>
        public (string Name, string? Value) Get(ConfigDefinition row)
        {
            string prefixed = _prefix + row.Name;
            if (config.Properties.TryGetValue(prefixed, out string? written))
            {
                return (prefixed, written);
            }
            return (row.Name, config.GetValue(row.Name) switch
            {
                IReadOnlyList<string> list => string.Join(',', list),
                string text => text,
                _ => null,
            });
        }
    }
}
