using System.Net;
using System.Net.Sockets;
using KafkaNet.Broker.Tests.Network;
using KafkaNet.Cluster.Node;
using KafkaNet.Server;
using KafkaNet.Server.Configuration;
using Microsoft.Extensions.Logging;

namespace KafkaNet.Broker.Tests.Security.OAuthBearer;

/// <summary>A standalone node on one SASL_PLAINTEXT (or SASL_SSL) listener, started from properties as the server starts, its log captured.</summary>
internal sealed class SaslNode : IAsyncDisposable
{
    private readonly ILoggerFactory _loggerFactory;
    private readonly KafkaNode _node;

    private SaslNode(KafkaNode node, ILoggerFactory loggerFactory, CapturingLoggerProvider log, int port)
    {
        _node = node;
        _loggerFactory = loggerFactory;
        Log = log;
        Port = port;
    }

    public int Port { get; }

    public string BootstrapServers => $"127.0.0.1:{Port}";

    /// <summary>Everything the node logged, at every level.</summary>
    public CapturingLoggerProvider Log { get; }

    public static Task<SaslNode> StartAsync(string directory, params string[] properties) =>
        StartOnAsync("SASL_PLAINTEXT", directory, properties);

    /// <summary>A node whose one listener speaks <paramref name="protocol"/> (its SSL settings among the properties).</summary>
    public static async Task<SaslNode> StartOnAsync(string protocol, string directory, params string[] properties)
    {
        int port = FreePort();
        var all = new Dictionary<string, string>
        {
            ["listeners"] = $"{protocol}://127.0.0.1:{port}",
            ["log.dirs"] = Path.Combine(directory, "data"),
            ["connection.failed.authentication.delay.ms"] = "100",
            ["group.initial.rebalance.delay.ms"] = "0",
            ["offsets.topic.replication.factor"] = "1",
        };
        foreach (string pair in properties)
        {
            int equals = pair.IndexOf('=', StringComparison.Ordinal);
            all[pair[..equals]] = pair[(equals + 1)..];
        }
        var log = new CapturingLoggerProvider();
        var loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(log));
        var config = ServerConfigurationLoader.FromProperties(all).Config;
        var node = await ServerNode.StartAsync(config, loggerFactory, CancellationToken.None);
        return new SaslNode(node, loggerFactory, log, port);
    }

    public async ValueTask DisposeAsync()
    {
        await _node.StopAsync();
        _loggerFactory.Dispose();
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
