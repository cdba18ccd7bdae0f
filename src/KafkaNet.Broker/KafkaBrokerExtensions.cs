using KafkaNet.Broker.Network;
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

    /// <summary>Serves the Kafka protocol on this listener (Kestrel ListenOptions is an IConnectionBuilder).</summary>
    public static TBuilder UseKafka<TBuilder>(this TBuilder builder)
        where TBuilder : IConnectionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseConnectionHandler<KafkaConnectionHandler>();
        return builder;
    }
}
