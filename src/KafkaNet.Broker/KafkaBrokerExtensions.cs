using KafkaNet.Broker.Network;
using KafkaNet.Broker.Security;
using KafkaNet.Broker.Security.Tls;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;

namespace KafkaNet.Broker;

/// <summary>Wiring for hosts: register a broker, then put Kafka on a listener with UseKafka().</summary>
public static class KafkaBrokerExtensions
{
    /// <summary>Registers the broker and its connection handler.</summary>
    public static IServiceCollection AddKafkaBroker(this IServiceCollection services, KafkaBroker broker)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(broker);
        services.AddSingleton<KafkaConnectionHandler>();
        return services;
    }

    /// <summary>Registers a broker built from the container (for example with its logger factory).</summary>
    public static IServiceCollection AddKafkaBroker(this IServiceCollection services, Func<IServiceProvider, KafkaBroker> factory)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(factory);
        services.AddSingleton<KafkaConnectionHandler>();
        return services;
    }

    /// <summary>
    /// Makes Kestrel accept TCP endpoints through KafkaNet's socket transport, which lets request
    /// frames be received straight into their buffers in large reads. Register it after Kestrel
    /// (for example on a WebApplicationBuilder's Services): Kestrel tries the transport registered
    /// last first, and leaves Unix sockets and handles to its own socket transport.
    /// </summary>
    public static IServiceCollection AddKafkaSocketTransport(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<IConnectionListenerFactory, SocketTransportFactory>();
        return services;
    }

    /// <summary>Serves the Kafka protocol on this listener (Kestrel ListenOptions is an IConnectionBuilder).</summary>
    public static TBuilder UseKafka<TBuilder>(this TBuilder builder)
        where TBuilder : IConnectionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseConnectionHandler<KafkaConnectionHandler>();
        return builder;
    }

    /// <summary>Serves the Kafka protocol on this listener, known by <paramref name="listenerName"/> (its connections are counted under it).</summary>
    public static TBuilder UseKafka<TBuilder>(this TBuilder builder, string listenerName)
        where TBuilder : IConnectionBuilder => UseKafka(builder, listenerName, sasl: null);

    /// <summary>
    /// Serves the Kafka protocol on this listener, known by <paramref name="listenerName"/>; with <paramref name="sasl"/>,
    /// each connection authenticates (SASL_PLAINTEXT, or SASL_SSL behind TLS) before it is served.
    /// </summary>
    public static TBuilder UseKafka<TBuilder>(this TBuilder builder, string listenerName, SaslListenerSettings? sasl)
        where TBuilder : IConnectionBuilder => UseKafka(builder, listenerName, sasl, sslPrincipals: null);

    /// <summary>
    /// Serves the Kafka protocol on this listener; with <paramref name="sslPrincipals"/> (an SSL listener behind TLS),
    /// each connection's principal comes from its client certificate.
    /// </summary>
    public static TBuilder UseKafka<TBuilder>(this TBuilder builder, string listenerName, SaslListenerSettings? sasl, SslPrincipalBuilder? sslPrincipals)
        where TBuilder : IConnectionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var broker = builder.ApplicationServices.GetRequiredService<KafkaBroker>();
        if (sasl is not null)
        {
            broker.AddSaslListener(listenerName, sasl);
        }
        var handler = new KafkaConnectionHandler(broker)
        {
            ListenerName = listenerName,
            Sasl = sasl,
            SslPrincipals = sslPrincipals,
        };
        builder.Use(_ => handler.OnConnectedAsync);
        return builder;
    }
}
