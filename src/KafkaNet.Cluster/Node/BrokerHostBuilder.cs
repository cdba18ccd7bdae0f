using KafkaNet.Broker;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KafkaNet.Cluster.Node;

/// <summary>The Kestrel host an in-process broker runs in: slim, logging to the caller's factory, KafkaNet's socket transport.</summary>
public static class BrokerHostBuilder
{
    public static WebApplicationBuilder Create(KafkaBroker broker, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(broker);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        // No configuration reload: its file watcher would watch the working directory recursively, data included.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddKafkaBroker(broker);
        builder.Services.AddKafkaSocketTransport();
        return builder;
    }
}
