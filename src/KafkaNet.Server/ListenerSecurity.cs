using System.Security.Cryptography.X509Certificates;
using KafkaNet.Broker;
using KafkaNet.Broker.Security;
using KafkaNet.Broker.Security.Tls;
using KafkaNet.Server.Configuration;
using KafkaNet.Server.Tls;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace KafkaNet.Server;

/// <summary>
/// Puts TLS in front of SSL and SASL_SSL listeners (Kestrel's TLS connection middleware, then the Kafka
/// handler); PLAINTEXT listeners get the handler alone. SASL listeners authenticate each connection
/// (SASL/PLAIN) before serving it.
/// </summary>
internal static class ListenerSecurity
{
    /// <summary>
    /// What each SASL listener this node binds accepts (the controller listener too), by listener name (nodes log in to
    /// each other through InterBrokerSecurity and ControllerSecurity).
    /// </summary>
    /// <exception cref="ConfigException">A SASL listener's mechanisms or PLAIN users cannot be served.</exception>
    public static Dictionary<string, SaslListenerSettings> ReadSaslListeners(BrokerConfig config)
    {
        var sasl = config.Listeners
            .Where(l => config.GetSecurityProtocol(l) is SecurityProtocol.SaslPlaintext or SecurityProtocol.SaslSsl)
            .ToDictionary(l => l.Name, l => SaslListenerConfig.Read(config, l), StringComparer.Ordinal);
        return sasl;
    }

    /// <summary>The TLS of each SSL and SASL_SSL listener this node binds (the controller listener too), by listener name, its stores loaded.</summary>
    /// <exception cref="ConfigException">A listener's TLS settings are invalid or its stores cannot be loaded.</exception>
    public static Dictionary<string, ListenerTls> ReadTlsListeners(BrokerConfig config, ILoggerFactory loggerFactory)
    {
        var logger = loggerFactory.CreateLogger("KafkaNet.Server.Tls");
        return config.Listeners
            .Where(l => config.GetSecurityProtocol(l) is SecurityProtocol.Ssl or SecurityProtocol.SaslSsl)
            .ToDictionary(l => l.Name, l => new ListenerTls(TlsListenerConfig.Read(config, l), logger), StringComparer.Ordinal);
    }

    /// <summary>
    /// Serves a listener as Kafka: TLS first on SSL and SASL_SSL listeners (each handshake with the listener's current
    /// certificate, client authentication, protocols and cipher suites), SASL on SASL listeners, and on SSL listeners
    /// the client certificate's principal.
    /// </summary>
    /// <param name="tls">The listener's TLS; null for PLAINTEXT and SASL_PLAINTEXT listeners.</param>
    /// <param name="sasl">What a SASL listener accepts; null for PLAINTEXT and SSL listeners.</param>
    public static void Configure(ListenOptions options, SecurityProtocol protocol, ListenerTls? tls, string listenerName, SaslListenerSettings? sasl)
    {
        bool usesTls = protocol is SecurityProtocol.Ssl or SecurityProtocol.SaslSsl;
        if (usesTls != tls is not null)
        {
            throw new ArgumentException($"TLS settings are for SSL and SASL_SSL listeners only ({listenerName} is {protocol})", nameof(tls));
        }
        if (tls is not null)
        {
            UseTls(options, tls);
        }
        CheckSasl(protocol, listenerName, sasl);
        options.UseKafka(listenerName, sasl, protocol == SecurityProtocol.Ssl ? tls!.Principals : null);
    }

    /// <summary>
    /// TLS in front of whatever serves the listener next: each handshake with the listener's current certificate,
    /// client authentication, protocols and cipher suites, the client's certificate handed on.
    /// </summary>
    public static void UseTls(ListenOptions options, ListenerTls tls)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(tls);
        options.UseHttps(new TlsHandshakeCallbackOptions { OnConnection = _ => ValueTask.FromResult(tls.OptionsForHandshake()) });
        // Hands the client's certificate to the broker, which does not see Kestrel's TLS feature.
        options.Use(next => connection =>
        {
            connection.Features.Set(new TlsClientCertificateFeature(connection.Features.Get<ITlsConnectionFeature>()?.ClientCertificate));
            return next(connection);
        });
    }

    /// <summary>Serves a listener with one fixed certificate (no client authentication, no reload).</summary>
    /// <param name="sasl">What a SASL listener accepts; null for PLAINTEXT and SSL listeners.</param>
    public static void Apply(ListenOptions options, SecurityProtocol protocol, X509Certificate2? certificate, string listenerName, SaslListenerSettings? sasl = null)
    {
        if (protocol is SecurityProtocol.Ssl or SecurityProtocol.SaslSsl)
        {
            options.UseHttps(certificate!);
        }
        CheckSasl(protocol, listenerName, sasl);
        options.UseKafka(listenerName, sasl);
    }

    private static void CheckSasl(SecurityProtocol protocol, string listenerName, SaslListenerSettings? sasl)
    {
        if ((protocol is SecurityProtocol.SaslPlaintext or SecurityProtocol.SaslSsl) != sasl is not null)
        {
            throw new ArgumentException($"SASL settings are for SASL listeners only ({listenerName} is {protocol})", nameof(sasl));
        }
    }
}
