using KafkaNet.Broker;
using KafkaNet.Broker.Handlers;
using Microsoft.Extensions.Logging;

namespace KafkaNet.Embedded;

/// <summary>What every in-process broker of this package starts from: its settings, its fault hooks, its directory.</summary>
internal static class EmbeddedSetup
{
    /// <summary>Broker settings on a free loopback port; a temporary data directory (owned, deleted later) unless one is given.</summary>
    public static (BrokerOptions Options, bool OwnsDataDirectory) BrokerOptionsFor(EmbeddedKafkaOptions options)
    {
        bool owns = options.DataDirectory is null;
        var brokerOptions = new BrokerOptions
        {
            NodeId = options.NodeId,
            DataDirectory = options.DataDirectory ?? Path.Combine(Path.GetTempPath(), "kafkanet-" + Guid.NewGuid().ToString("N")),
            AdvertisedEndpoint = new BrokerEndpoint("127.0.0.1", 0),
        };
        brokerOptions.Authorizer.Enabled = options.AclAuthorizer;
        brokerOptions.Authorizer.AllowEveryoneIfNoAclFound = options.AllowEveryoneIfNoAclFound;
        foreach (string principal in options.SuperUsers)
        {
            brokerOptions.Authorizer.SuperUsers.Add(principal);
        }
        options.Configure?.Invoke(brokerOptions);
        return (brokerOptions, owns);
    }

    /// <summary>The handlers to serve, each behind the fault hooks a test can arm.</summary>
    public static (List<IApiHandler> Handlers, BrokerFaults Faults) WithFaults(EmbeddedKafkaOptions options, BrokerOptions brokerOptions, ILoggerFactory loggerFactory)
    {
        // Faults can be armed only for what the broker serves.
        var handlers = KafkaBroker.Served(options.Handlers ?? KafkaBroker.DefaultHandlers(), brokerOptions).ToList();
        var faults = new BrokerFaults(handlers);
        var logger = loggerFactory.CreateLogger<BrokerFaults>();
        return (handlers.Select(h => (IApiHandler)new FaultInjectingHandler(h, faults, logger)).ToList(), faults);
    }

    public static void DeleteIfOwned(string dataDirectory, bool owned)
    {
        if (!owned)
        {
            return;
        }
        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a file still open elsewhere leaves the temporary directory behind.
        }
    }
}
