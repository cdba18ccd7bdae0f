using System.Net;
using System.Runtime.InteropServices;
using KafkaNet.Broker;
using KafkaNet.Cluster.Node;
using KafkaNet.Server.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KafkaNet.Server;

/// <summary>
/// The executable: like kafka-server-start, it takes an optional server.properties path and
/// --override key=value options, then runs one broker on Kestrel until SIGTERM or Ctrl+C.
/// </summary>
internal static class ServerHost
{
    public static async Task<int> RunAsync(string[] args)
    {
        ConfigLoadResult loaded;
        try
        {
            var options = CommandLineOptions.Parse(args);
            if (options.ShowHelp)
            {
                await Console.Out.WriteLineAsync(CommandLineOptions.UsageText).ConfigureAwait(false);
                return 0;
            }
            loaded = ServerConfigurationLoader.Load(options);
        }
        catch (ConfigException e)
        {
            await Console.Error.WriteLineAsync("kafkanet-server: " + e.Message).ConfigureAwait(false);
            return 2;
        }

        InlineSocketCompletions.Apply(loaded.Config.SocketInlineCompletions);
        try
        {
            SingleNodeQuorum.Check(loaded.Config.Cluster);
        }
        catch (ConfigException e)
        {
            await Console.Error.WriteLineAsync("kafkanet-server: " + e.Message).ConfigureAwait(false);
            return 2;
        }
        if (SingleNodeQuorum.HasOtherVoters(loaded.Config.Cluster))
        {
            return await RunClusterNodeAsync(loaded).ConfigureAwait(false);
        }
        WebApplication app;
        try
        {
            app = Build(loaded.Config);
        }
        catch (ConfigException e)
        {
            await Console.Error.WriteLineAsync("kafkanet-server: " + e.Message).ConfigureAwait(false);
            return 2;
        }
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("KafkaNet.Server");
        foreach (string warning in loaded.Warnings)
        {
            Log.ConfigWarning(logger, warning);
        }
        await app.StartAsync().ConfigureAwait(false);
        var broker = app.Services.GetRequiredService<KafkaBroker>();
        app.Lifetime.ApplicationStopping.Register(broker.BeginShutdown);
        AdvertiseBoundPort(app, broker.Options);
        Log.Started(logger, broker.Options.NodeId, broker.ClusterId, string.Join(", ", BoundAddresses(app).Select(a => new Uri(a).Authority)), broker.Options.AdvertisedEndpoint.ToString(), broker.Options.DataDirectory);
        await app.WaitForShutdownAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
        Log.Stopped(logger, broker.Options.NodeId);
        return 0;
    }

    /// <summary>
    /// A node of a multi-voter quorum with the combined roles: the broker on its first client listener and the
    /// quorum, with the controller APIs, on its controller listener, until SIGTERM or Ctrl+C, then a controlled shutdown.
    /// </summary>
    private static async Task<int> RunClusterNodeAsync(ConfigLoadResult loaded)
    {
        var config = loaded.Config;
        var client = config.BrokerListeners[0];
        var controller = config.Listeners.FirstOrDefault(l => config.ControllerListenerNames.Contains(l.Name));
        if (config.GetSecurityProtocol(client) != SecurityProtocol.Plaintext
            || (controller is not null && config.GetSecurityProtocol(controller) != SecurityProtocol.Plaintext))
        {
            await Console.Error.WriteLineAsync("kafkanet-server: listeners: a node of a multi-node quorum serves PLAINTEXT listeners only for now").ConfigureAwait(false);
            return 2;
        }
        using var loggerFactory = LoggerFactory.Create(b =>
        {
            b.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
            b.AddFilter("DotNext", LogLevel.Warning);
            b.AddSimpleConsole(o => o.TimestampFormat = "yyyy-MM-dd HH:mm:ss ");
        });
        var logger = loggerFactory.CreateLogger("KafkaNet.Server");
        foreach (string warning in loaded.Warnings)
        {
            Log.ConfigWarning(logger, warning);
        }
        var options = CreateOptions(config);
        using var stop = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        var node = await KafkaNode.StartAsync(new KafkaNodeOptions
        {
            Broker = options,
            ClientListenHost = client.BindsAllInterfaces ? null : client.Host,
            ClientPort = client.Port,
            ClientListenerName = client.Name,
            ControllerListenHost = controller is null ? null : controller.BindsAllInterfaces ? "0.0.0.0" : controller.Host,
            ControllerPort = controller?.Port ?? 0,
        }, loggerFactory).ConfigureAwait(false);
        Log.Started(logger, options.NodeId, node.Broker.ClusterId, $"{client.Host}:{client.Port}", options.AdvertisedEndpoint.ToString(), options.DataDirectory);
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // SIGTERM or Ctrl+C.
        }
        Console.CancelKeyPress -= onCancel;
        await node.StopAsync(controlled: true).ConfigureAwait(false);
        Log.Stopped(logger, options.NodeId);
        return 0;
    }

    private static WebApplication Build(BrokerConfig config)
    {
        // No configuration reload: its file watcher would watch the working directory recursively, data included.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        builder.Logging.AddSimpleConsole(o => o.TimestampFormat = "yyyy-MM-dd HH:mm:ss ");

        var options = CreateOptions(config);
        builder.Services.AddKafkaBroker(sp => new KafkaBroker(options, loggerFactory: sp.GetRequiredService<ILoggerFactory>()));
        builder.Services.AddKafkaSocketTransport();
        var certificate = ListenerSecurity.LoadCertificate(config);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            foreach (var listener in config.BrokerListeners)
            {
                var protocol = config.GetSecurityProtocol(listener);
                Listen(kestrel, listener, o => ListenerSecurity.Apply(o, protocol, certificate, listener.Name));
            }
        });
        return builder.Build();
    }

    private static BrokerOptions CreateOptions(BrokerConfig config)
    {
        var clientListener = config.BrokerListeners[0];
        var advertised = config.AdvertisedListeners.FirstOrDefault(a => a.Name == clientListener.Name) ?? config.AdvertisedListeners[0];
        var options = new BrokerOptions
        {
            NodeId = config.NodeId,
            DataDirectory = Path.GetFullPath(config.LogDirs[0]),
            SocketRequestMaxBytes = config.SocketRequestMaxBytes,
            ClusterId = config.ClusterId,
            AdvertisedEndpoint = new BrokerEndpoint(advertised.Host, advertised.Port),
            NumPartitions = config.NumPartitions,
            DefaultReplicationFactor = (short)config.DefaultReplicationFactor,
            AutoCreateTopicsEnable = config.AutoCreateTopicsEnable,
            ZeroCopyFetch = config.FetchZeroCopy,
            DurableAppends = config.LogDurableAppends,
            Rack = config.Cluster.Rack,
            Cluster = config.Cluster,
        };
        GroupSettings.Apply(config, options.Groups);
        TransactionSettings.Apply(config, options.Transactions);
        StaticBrokerConfigs.Fill(config, options);
        return options;
    }

    private static void Listen(KestrelServerOptions kestrel, ListenerEndpoint listener, Action<ListenOptions> configure)
    {
        if (listener.Host.Length == 0 || listener.Host == "0.0.0.0" || listener.Host == "::")
        {
            kestrel.ListenAnyIP(listener.Port, configure);
        }
        else if (IPAddress.TryParse(listener.Host, out var address))
        {
            kestrel.Listen(address, listener.Port, configure);
        }
        else if (string.Equals(listener.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            kestrel.ListenLocalhost(listener.Port, configure);
        }
        else
        {
            kestrel.Listen(Dns.GetHostAddresses(listener.Host)[0], listener.Port, configure);
        }
    }

    /// <summary>An advertised port of 0 (an ephemeral listener) becomes the port actually bound.</summary>
    private static void AdvertiseBoundPort(WebApplication app, BrokerOptions options)
    {
        if (options.AdvertisedEndpoint.Port != 0)
        {
            return;
        }
        foreach (string address in BoundAddresses(app))
        {
            options.AdvertisedEndpoint = options.AdvertisedEndpoint with { Port = new Uri(address).Port };
            return;
        }
    }

    private static IEnumerable<string> BoundAddresses(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
}
