using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using KafkaNet.Broker.Security.Tls;
using KafkaNet.Server.Configuration;
using Microsoft.Extensions.Logging;

namespace KafkaNet.Server.Tls;

/// <summary>
/// One SSL or SASL_SSL listener's TLS: the options each handshake uses, built once and rebuilt when the keystore or
/// truststore file changes (its write time or size) or when dynamic configs name other stores (<see cref="Replace"/>),
/// so new connections get the new certificate without a restart while open ones keep theirs. A file caught
/// half-written keeps the previous certificate until it changes again.
/// </summary>
internal sealed class ListenerTls
{
    private readonly ILogger _logger;
    private readonly Lock _reload = new();
    private SslServerAuthenticationOptions _options;
    private FileStamp _stamp;
    private TlsListenerSettings _settings;

    /// <exception cref="ConfigException">The keystore or truststore cannot be loaded.</exception>
    public ListenerTls(TlsListenerSettings settings, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _logger = logger;
        _stamp = FileStamp.Of(settings);
        _options = Build(settings);
        Principals = new SslPrincipalBuilder(settings.PrincipalMapper);
    }

    /// <summary>The settings in force: the file's, or the stores dynamic configs named since.</summary>
    public TlsListenerSettings Settings => Volatile.Read(ref _settings);

    /// <summary>Builds each connection's principal from its client certificate (SSL listeners).</summary>
    public SslPrincipalBuilder Principals { get; }

    /// <summary>The certificate new connections are offered.</summary>
    public X509Certificate2 Certificate => Volatile.Read(ref _options).ServerCertificateContext!.TargetCertificate;

    /// <summary>The options of the next handshake, reloaded first if a store file has changed.</summary>
    public SslServerAuthenticationOptions OptionsForHandshake()
    {
        if (FileStamp.Of(Settings) != Volatile.Read(ref _stamp))
        {
            Reload();
        }
        return Volatile.Read(ref _options);
    }

    /// <summary>
    /// Builds the handshake options of stores that would replace this listener's, checked as Kafka checks a dynamic
    /// keystore update: the stores must load and, unless allowed, the new certificate keep the current one's
    /// distinguished name and subject alternative names.
    /// </summary>
    /// <exception cref="ConfigException">The stores cannot be loaded or the certificate's names changed.</exception>
    public SslServerAuthenticationOptions Prepare(TlsListenerSettings next, bool allowDnChanges, bool allowSanChanges)
    {
        ArgumentNullException.ThrowIfNull(next);
        var options = Build(next);
        CertificateNames.CheckUnchanged(Certificate, options.ServerCertificateContext!.TargetCertificate, allowDnChanges, allowSanChanges);
        return options;
    }

    /// <summary>Serves new connections with <paramref name="options"/> from <see cref="Prepare"/>; open ones keep theirs.</summary>
    public void Replace(TlsListenerSettings next, SslServerAuthenticationOptions options)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(options);
        lock (_reload)
        {
            Volatile.Write(ref _settings, next);
            _stamp = FileStamp.Of(next);
            Volatile.Write(ref _options, options);
        }
        Log.TlsReloaded(_logger, next.ListenerName, Certificate.Subject, Certificate.Thumbprint);
    }

    private void Reload()
    {
        lock (_reload)
        {
            var stamp = FileStamp.Of(Settings);
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
