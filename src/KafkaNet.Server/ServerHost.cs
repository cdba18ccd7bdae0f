using System.Net;
using System.Runtime.InteropServices;
using System.Security.Cryptography.X509Certificates;
using KafkaNet.Broker;
using KafkaNet.Broker.Security;
using KafkaNet.Cluster.Node;
using KafkaNet.Server.Configuration;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
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
        switch (args.FirstOrDefault())
        {
            case "format":
                return await StorageFormatCommand.RunAsync(args[1..]).ConfigureAwait(false);
            case "random-uuid":
                await Console.Out.WriteLineAsync(MetaProperties.NewClusterId()).ConfigureAwait(false);
                return 0;
        }
        ConfigLoadResult loaded;
        try
        {
            var options = CommandLineOptions.Parse(args);
            if (options.ShowHelp)
            {
                await Console.Out.WriteLineAsync(CommandLineOptions.UsageText).ConfigureAwait(false);
                return 0;
            }
            loaded = ServerConfigurationLoader.Load(options, EnvironmentConfigMapping.ReadProcessEnvironment());
        }
        catch (ConfigException e)
        {
            await Console.Error.WriteLineAsync("kafkanet-server: " + e.Message).ConfigureAwait(false);
            return 2;
        }

        InlineSocketCompletions.Apply(loaded.Config.SocketInlineCompletions);
        return await RunNodeAsync(loaded).ConfigureAwait(false);
    }

    /// <summary>
    /// One node in its process.roles: with the broker role, the broker on its client listeners; with the controller role,
    /// its quorum voter and the controller APIs on the controller listener; until SIGTERM or Ctrl+C, then a controlled
    /// shutdown. A node configured without voters is its quorum's only voter, its metadata log entirely in the process:
    /// a single node is a cluster of one.
    /// </summary>
    private static async Task<int> RunNodeAsync(ConfigLoadResult loaded)
    {
        var config = loaded.Config;
        var client = config.IsBroker ? config.BrokerListeners[0] : null;
        var controller = config.Listeners.FirstOrDefault(l => config.ControllerListenerNames.Contains(l.Name));
        X509Certificate2? certificate;
        Dictionary<string, SaslListenerSettings> saslListeners;
        try
        {
            saslListeners = ListenerSecurity.ReadSaslListeners(config);
            certificate = ListenerSecurity.LoadCertificate(config);
            if (controller is not null && config.GetSecurityProtocol(controller) != SecurityProtocol.Plaintext)
            {
                throw new ConfigException("listener.security.protocol.map", controller.Name, "the controller listener serves PLAINTEXT only for now");
            }
        }
        catch (ConfigException e)
        {
            await Console.Error.WriteLineAsync("kafkanet-server: " + e.Message).ConfigureAwait(false);
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
        if (options.Cluster.IsStandalone && config.IsController)
        {
            // No quorum configured: this node is its only voter, on its controller listener if it names one.
            options.Cluster.Voters = [new ControllerQuorumVoter(options.NodeId, controller?.Host is { Length: > 0 } host ? host : "127.0.0.1", controller?.Port ?? 0)];
        }
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
        KafkaNode node;
        try
        {
            node = await KafkaNode.StartAsync(new KafkaNodeOptions
            {
                Broker = options,
                ConfigureClientListeners = kestrel =>
                {
                    foreach (var listener in config.BrokerListeners)
                    {
                        var protocol = config.GetSecurityProtocol(listener);
                        Listen(kestrel, listener, o => ListenerSecurity.Apply(o, protocol, certificate, listener.Name, saslListeners.GetValueOrDefault(listener.Name)));
                    }
                },
                ClientListenerName = client?.Name ?? "PLAINTEXT",
                ListenForControllers = controller is not null,
                ControllerListenHost = controller is null ? null : controller.BindsAllInterfaces ? "0.0.0.0" : controller.Host,
                ControllerPort = controller?.Port ?? 0,
                ControllerAdvertisedHost = controller is null ? null : ControllerEndpoints.AdvertisedHost(config, controller),
                MetricsListener = config.MetricsListener,
                WebConsole = config.ConsoleEnabled,
            }, loggerFactory, stop.Token).ConfigureAwait(false);
        }
        catch (InvalidOperationException e) when (!config.Cluster.IsStandalone)
        {
            // A dynamic quorum's controller that was not formatted, or a data dir of another node or cluster.
            await Console.Error.WriteLineAsync("kafkanet-server: " + e.Message).ConfigureAwait(false);
            return 1;
        }
        catch (InvalidDataException e)
        {
            // A damaged topics.json or metadata file: stop rather than start without the topics it names.
            await Console.Error.WriteLineAsync("kafkanet-server: " + e.Message).ConfigureAwait(false);
            return 1;
        }
        string bound = config.IsBroker
            ? string.Join(", ", config.BrokerListeners.Select(l => $"{l.Host}:{(l.Port == 0 ? options.AdvertisedEndpoint.Port : l.Port)}"))
            : $"{controller?.Host}:{controller?.Port} (controller only)";
        Log.Started(logger, options.NodeId, node.Broker.ClusterId, bound, options.AdvertisedEndpoint.ToString(), options.DataDirectory);
        if (node.MetricsEndpoint is { } metrics)
        {
            Log.MetricsListening(logger, metrics);
            if (config.ConsoleEnabled && config.IsBroker)
            {
                Log.ConsoleListening(logger, metrics);
            }
        }
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

    private static BrokerOptions CreateOptions(BrokerConfig config)
    {
        var clientListener = config.IsBroker ? config.BrokerListeners[0] : null;
        // A controller alone advertises nothing to clients; its broker endpoint is never registered.
        var advertised = config.AdvertisedListeners.FirstOrDefault(a => a.Name == clientListener?.Name)
            ?? config.AdvertisedListeners.FirstOrDefault() ?? new ListenerEndpoint("CONTROLLER", "127.0.0.1", 0);
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
        ConnectionSettings.Apply(config, options);
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
}
