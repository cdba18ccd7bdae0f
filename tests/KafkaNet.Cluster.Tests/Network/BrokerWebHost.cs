using System.Net;
using KafkaNet.Broker;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KafkaNet.Cluster.Tests.Network;

/// <summary>Kestrel with a broker and our socket transport, listening on one loopback port.</summary>
internal static class BrokerWebHost
{
    public static async Task<(WebApplication App, int Port)> StartAsync(KafkaBroker broker, int port, Action<ListenOptions> listen,
        Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.Services.AddKafkaBroker(broker);
        services?.Invoke(builder.Services);
        builder.Services.AddKafkaSocketTransport();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, listen));
        var app = builder.Build();
        await app.StartAsync();
        var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        return (app, bound);
    }

    public static async Task StopAsync(WebApplication app, KafkaBroker broker)
    {
        broker.BeginShutdown();
        await app.StopAsync();
        await app.DisposeAsync();
        broker.Dispose();
    }
}
