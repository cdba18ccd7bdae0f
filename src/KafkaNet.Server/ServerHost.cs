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
        var controller = config.Listeners.FirstOrDefault(l => config.ControllerListenerNames.Contains(l.Name));
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
            node = await ServerNode.StartAsync(config, loggerFactory, stop.Token).ConfigureAwait(false);
        }
        catch (ConfigException e)
        {
            await Console.Error.WriteLineAsync("kafkanet-server: " + e.Message).ConfigureAwait(false);
            return 2;
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
        var options = node.Broker.Options;
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
}
