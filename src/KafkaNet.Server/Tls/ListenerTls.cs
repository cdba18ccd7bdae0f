using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using KafkaNet.Broker.Security.Tls;
using KafkaNet.Server.Configuration;
using Microsoft.Extensions.Logging;

namespace KafkaNet.Server.Tls;

/// <summary>
/// One SSL or SASL_SSL listener's TLS: the options each handshake uses, built once and rebuilt when the keystore or
/// truststore file changes (its write time or size), so new connections get the new certificate without a restart
/// while open ones keep theirs. A file caught half-written keeps the previous certificate until it changes again.
/// </summary>
internal sealed class ListenerTls
{
    private readonly ILogger _logger;
    private readonly Lock _reload = new();
    private SslServerAuthenticationOptions _options;
    private FileStamp _stamp;

    /// <exception cref="ConfigException">The keystore or truststore cannot be loaded.</exception>
    public ListenerTls(TlsListenerSettings settings, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
        _logger = logger;
        _stamp = FileStamp.Of(settings);
        _options = Build(settings);
        Principals = new SslPrincipalBuilder(settings.PrincipalMapper);
    }

    public TlsListenerSettings Settings { get; }

    /// <summary>Builds each connection's principal from its client certificate (SSL listeners).</summary>
    public SslPrincipalBuilder Principals { get; }

    /// <summary>The certificate new connections are offered.</summary>
    public X509Certificate2 Certificate => Volatile.Read(ref _options).ServerCertificateContext!.TargetCertificate;

    /// <summary>The options of the next handshake, reloaded first if a store file has changed.</summary>
    public SslServerAuthenticationOptions OptionsForHandshake()
    {
        var stamp = FileStamp.Of(Settings);
        if (stamp != Volatile.Read(ref _stamp))
        {
            Reload(stamp);
        }
        return Volatile.Read(ref _options);
    }

    private void Reload(FileStamp stamp)
    {
        lock (_reload)
        {
            if (stamp == _stamp)
            {
                return;
            }
            // Whatever happens, this version of the files is not tried again: only a further change is.
            _stamp = stamp;
            try
            {
                Volatile.Write(ref _options, Build(Settings));
                Log.TlsReloaded(_logger, Settings.ListenerName, Certificate.Subject, Certificate.Thumbprint);
            }
            catch (ConfigException e)
            {
                Log.TlsReloadFailed(_logger, Settings.ListenerName, e.Message);
            }
        }
    }

    private static SslServerAuthenticationOptions Build(TlsListenerSettings settings)
    {
        var keystore = TlsStores.LoadKeystore(settings);
        var options = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = SslStreamCertificateContext.Create(keystore[0], new X509Certificate2Collection(keystore.Skip(1).ToArray()), offline: true),
            EnabledSslProtocols = settings.EnabledProtocols,
            ClientCertificateRequired = settings.ClientAuth != ClientAuthentication.None,
            // No ALPN: Kafka clients do not negotiate one, and Kestrel leaves a set list alone.
            ApplicationProtocols = [],
        };
        if (settings.CipherSuites is { } suites && (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()))
        {
            options.CipherSuitesPolicy = new CipherSuitesPolicy(suites);
        }
        if (options.ClientCertificateRequired)
        {
            if (settings.Truststore is { } truststore)
            {
                // The truststore's certificates are the only trust anchors, as a Java truststore is.
                var policy = new X509ChainPolicy
                {
                    TrustMode = X509ChainTrustMode.CustomRootTrust,
                    RevocationMode = X509RevocationMode.NoCheck,
                };
                policy.CustomTrustStore.AddRange(TlsStores.LoadTruststore(truststore));
                options.CertificateChainPolicy = policy;
            }
            bool required = settings.ClientAuth == ClientAuthentication.Required;
            options.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                certificate is null ? !required : errors == SslPolicyErrors.None;
        }
        return options;
    }

    /// <summary>Write time and size of the keystore and truststore files (default for inline PEM).</summary>
    private sealed record FileStamp(DateTime KeystoreWritten, long KeystoreLength, DateTime TruststoreWritten, long TruststoreLength)
    {
        public static FileStamp Of(TlsListenerSettings settings)
        {
            var (keyWritten, keyLength) = Stat(settings.Keystore.Location);
            var (trustWritten, trustLength) = Stat(settings.ClientAuth == ClientAuthentication.None ? null : settings.Truststore?.Location);
            return new FileStamp(keyWritten, keyLength, trustWritten, trustLength);
        }

        private static (DateTime, long) Stat(string? path)
        {
            if (path is null)
            {
                return (DateTime.MinValue, 0);
            }
            var file = new FileInfo(path);
            return file.Exists ? (file.LastWriteTimeUtc, file.Length) : (DateTime.MinValue, -1);
        }
    }
}
