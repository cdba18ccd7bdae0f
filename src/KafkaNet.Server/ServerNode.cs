using System.Net;
using KafkaNet.Broker;
using KafkaNet.Broker.Security;
using KafkaNet.Cluster.Node;
using KafkaNet.Cluster.Quorum.Transport;
using KafkaNet.Server.Configuration;
using KafkaNet.Server.Tls;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace KafkaNet.Server;

/// <summary>
/// Starts one node from a loaded configuration, exactly as the executable does (listeners with their security,
/// the controller, metrics): the executable runs it until a signal, tests start it in process from properties.
/// </summary>
internal static class ServerNode
{
    /// <exception cref="ConfigException">The listeners' security settings cannot be served.</exception>
    public static async Task<KafkaNode> StartAsync(BrokerConfig config, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        var client = config.IsBroker ? config.BrokerListeners[0] : null;
        var controller = config.Listeners.FirstOrDefault(l => config.ControllerListenerNames.Contains(l.Name));
        var saslListeners = ListenerSecurity.ReadSaslListeners(config);
        var tlsListeners = ListenerSecurity.ReadTlsListeners(config, loggerFactory);
        // Brokers present their inter-broker listener's certificate when a peer asks for one (mutual TLS).
        var interBrokerSecurity = InterBrokerSecurity.Read(config, saslListeners, tlsListeners.GetValueOrDefault(config.InterBrokerListenerName)?.Certificate);
        // Nodes reach the controllers with the controller listener's security, presenting its keystore when asked.
        var controllerTls = controller is null ? null : tlsListeners.GetValueOrDefault(controller.Name);
        var controllerSasl = controller is null ? null : saslListeners.GetValueOrDefault(controller.Name);
        var controllerSecurity = ControllerSecurity.Read(config, controllerSasl,
            controllerTls?.Certificate ?? ControllerSecurity.ReadClientKeystore(config, loggerFactory));
        var options = CreateOptions(config);
        if (options.Cluster.IsStandalone && config.IsController)
        {
            // No quorum configured: this node is its only voter, on its controller listener if it names one.
            options.Cluster.Voters = [new ControllerQuorumVoter(options.NodeId, controller?.Host is { Length: > 0 } host ? host : "127.0.0.1", controller?.Port ?? 0)];
        }
        var node = await KafkaNode.StartAsync(new KafkaNodeOptions
        {
            Broker = options,
            ConfigureClientListeners = kestrel =>
            {
                foreach (var listener in config.BrokerListeners)
                {
                    var protocol = config.GetSecurityProtocol(listener);
                    Listen(kestrel, listener, o => ListenerSecurity.Configure(o, protocol, tlsListeners.GetValueOrDefault(listener.Name), listener.Name, saslListeners.GetValueOrDefault(listener.Name)));
                }
            },
            ClientListenerName = client?.Name ?? "PLAINTEXT",
            InterBrokerSecurity = interBrokerSecurity,
            ControllerSecurity = controllerSecurity,
            ControllerListenerTls = controllerTls is null ? null : o => ListenerSecurity.UseTls(o, controllerTls),
            ControllerListenerAuthentication = controller is null ? null : new ControllerListenerAuthentication
            {
                ListenerName = controller.Name,
                Sasl = controllerSasl,
                SslPrincipals = controllerSasl is null ? controllerTls?.Principals : null,
            },
            ListenForControllers = controller is not null,
            ControllerListenHost = controller is null ? null : controller.BindsAllInterfaces ? "0.0.0.0" : controller.Host,
            ControllerPort = controller?.Port ?? 0,
            ControllerAdvertisedHost = controller is null ? null : ControllerEndpoints.AdvertisedHost(config, controller),
            MetricsListener = config.MetricsListener,
            WebConsole = config.ConsoleEnabled,
        }, loggerFactory, cancellationToken).ConfigureAwait(false);
        if (config.IsBroker && tlsListeners.Count > 0)
        {
            // Keystores set as dynamic configs (KIP-226), those in the metadata log at once and every change after.
            node.Broker.DynamicConfigs.AddReconfigurable(new DynamicListenerTls(config, tlsListeners, loggerFactory.CreateLogger("KafkaNet.Server.Tls")));
        }
        return node;
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
        ShareGroupSettings.Apply(config, options.ShareGroups);
        TransactionSettings.Apply(config, options.Transactions);
        ShareCoordinatorSettings.Apply(config, options.ShareGroups.Coordinator);
        ConnectionSettings.Apply(config, options);
        AuthorizerSettings.Apply(config, options);
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
