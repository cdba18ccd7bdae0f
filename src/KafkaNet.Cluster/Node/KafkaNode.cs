using System.Net;
using KafkaNet.Broker;
using KafkaNet.Broker.Handlers;
using KafkaNet.Broker.Topics;
using KafkaNet.Cluster.Controller;
using KafkaNet.Cluster.Controller.Handlers;
using KafkaNet.Cluster.Quorum;
using KafkaNet.Cluster.Quorum.Transport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KafkaNet.Cluster.Node;

/// <summary>
/// One node with the combined roles broker and controller (process.roles=broker,controller): its broker
/// on the client listener, its quorum voter and the controller APIs on the controller listener (the
/// voter's host:port), the committed metadata log applied to both, and the broker's registration and
/// heartbeats with the active controller.
/// </summary>
public sealed partial class KafkaNode : IAsyncDisposable
{
    /// <summary>The listener name the controller listener is known by.</summary>
    public const string ControllerListenerName = "CONTROLLER";

    private readonly WebApplication _app;
    private readonly ControllerChannel _channel;
    private readonly BrokerLifecycle _lifecycle;
    private readonly ReplicaFollowers _followers;
    private readonly InterBrokerChannel _interBroker;
    private readonly TimeSpan _shutdownTimeout;
    private int _stopped;

    // A sole voter is ready within a second or so of starting; until then connections wait rather than being closed.
    private static readonly TimeSpan SoleVoterClientHold = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan TakeOverTimeout = TimeSpan.FromSeconds(30);

    private KafkaNode(WebApplication app, KafkaBroker broker, MetadataQuorum quorum, QuorumController controller,
        MetadataPublisher publisher, ControllerChannel channel, BrokerLifecycle lifecycle, ReplicaFollowers followers,
        InterBrokerChannel interBroker, TimeSpan shutdownTimeout)
    {
        _followers = followers;
        _interBroker = interBroker;
        _app = app;
        Broker = broker;
        Quorum = quorum;
        Controller = controller;
        Publisher = publisher;
        _channel = channel;
        _lifecycle = lifecycle;
        _shutdownTimeout = shutdownTimeout;
    }

    public int NodeId => Broker.Options.NodeId;

    public KafkaBroker Broker { get; }

    public MetadataQuorum Quorum { get; }

    public QuorumController Controller { get; }

    public MetadataPublisher Publisher { get; }

    /// <summary>host:port of the client listener as advertised.</summary>
    public string BootstrapServers => Broker.Options.AdvertisedEndpoint.ToString();

    /// <summary>Completes when the controller has unfenced this broker.</summary>
    public Task Ready => _lifecycle.Unfenced;

    /// <summary>Whether the controller has this broker fenced, as of its last heartbeat.</summary>
    public bool IsFenced => _lifecycle.IsFenced;

    /// <summary>Starts the listeners, joins the quorum and begins registering with the active controller.</summary>
    public static async Task<KafkaNode> StartAsync(KafkaNodeOptions options, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        loggerFactory ??= NullLoggerFactory.Instance;
        var brokerOptions = options.Broker;
        var cluster = brokerOptions.Cluster;
        int nodeId = brokerOptions.NodeId;
        var voter = cluster.Voters.FirstOrDefault(v => v.NodeId == nodeId)
            ?? throw new ArgumentException($"Node {nodeId} is not among the controller quorum voters.", nameof(options));

        // The quorum's only voter: nothing outside this process can lead or vote (the Raft engine makes a lone member
        // leader at once), so the node takes over a single node's topics.json and holds early clients rather than
        // turning them away.
        bool soleVoter = cluster.Voters.Count == 1;
        var standalone = soleVoter ? StandaloneMetadataFiles.Take(brokerOptions.DataDirectory) : null;
        var hub = new RaftConnectionHub();
        var writer = new DeferredLogWriter();
        var controllerOptions = QuorumControllerOptions.From(brokerOptions);
        controllerOptions.NodeId = nodeId;
        var incarnation = Guid.NewGuid();
        controllerOptions.LocalBrokerIncarnation = incarnation;
        var controller = new QuorumController(controllerOptions, writer, loggerFactory);
        MetadataQuorum? quorum = null;
        // As Kafka's listeners: DescribeQuorum on every listener, the controller's own APIs only on the controller listener.
        IApiHandler[] controllerApis =
        [
            new BrokerRegistrationHandler(controller),
            new BrokerHeartbeatHandler(controller),
            new AlterPartitionHandler(controller),
            new AllocateProducerIdsHandler(controller),
        ];
        var describeQuorum = new DescribeQuorumHandler(() => Volatile.Read(ref quorum), cluster.Voters, ControllerListenerName);
        var broker = new KafkaBroker(brokerOptions, (options.Handlers ?? KafkaBroker.DefaultHandlers()).Append(describeQuorum), loggerFactory);
        broker.ServeOnControllerListener(controllerApis);
        var publisher = new MetadataPublisher(broker, controller, loggerFactory.CreateLogger<MetadataPublisher>());
        var directory = new BrokerDirectory(() => publisher.Image, options.ClientListenerName);
        var followers = new ReplicaFollowers(broker, directory, loggerFactory);
        publisher.Applied = followers.Apply;
        var interBroker = new InterBrokerChannel(directory, $"broker-{nodeId}", loggerFactory);
        broker.InterBroker = interBroker;
        var caughtUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        broker.ClientRequestsEnabled = caughtUp.Task;
        if (soleVoter)
        {
            broker.ClientGateHold = SoleVoterClientHold;
        }
        WebApplication? app = null;
        try
        {
            app = await StartHostAsync(options, broker, hub, voter, loggerFactory, cancellationToken).ConfigureAwait(false);
            var started = await MetadataQuorum.StartAsync(new MetadataQuorumOptions
            {
                NodeId = nodeId,
                Voters = cluster.Voters,
                DataDirectory = Path.Combine(brokerOptions.DataDirectory, KafkaNet.Storage.LogFileNames.ClusterMetadataTopic + "-0"),
                ElectionTimeoutMin = options.ElectionTimeoutMin,
                ElectionTimeoutMax = options.ElectionTimeoutMax,
                RequestTimeout = options.QuorumRequestTimeout,
                Transport = hub,
            }, publisher, loggerFactory, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref quorum, started);
            writer.Attach(started);
            started.LeadershipChanged += l => controller.OnLeadershipChanged(l.LeaderId == nodeId);
            controller.OnLeadershipChanged(started.IsLeader);

            if (standalone is not null)
            {
                await TakeOverAsync(started, controller, standalone, brokerOptions.DataDirectory, nodeId,
                    loggerFactory.CreateLogger<KafkaNode>(), cancellationToken).ConfigureAwait(false);
            }

            var channel = new ControllerChannel(started, controller, cluster.Voters, options.ControllerRequestTimeout, loggerFactory);
            broker.Controller = channel;
            var lifecycle = new BrokerLifecycle(broker, channel, () => publisher.AppliedOffset, options.ClientListenerName,
                loggerFactory.CreateLogger<BrokerLifecycle>()) { IncarnationId = incarnation };
            lifecycle.Start();
            // Caught up with the metadata log: logs on disk that no partition here names any more can go.
            _ = lifecycle.Unfenced.ContinueWith(t =>
            {
                if (t.IsCompletedSuccessfully)
                {
                    publisher.RunBetweenUpdates(broker.RemoveStrayLogs);
                    caughtUp.TrySetResult();
                }
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return new KafkaNode(app, broker, started, controller, publisher, channel, lifecycle, followers, interBroker,
                options.ControlledShutdownTimeout);
        }
        catch
        {
            if (quorum is not null)
            {
                await quorum.DisposeAsync().ConfigureAwait(false);
            }
            if (app is not null)
            {
                await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
                await app.DisposeAsync().ConfigureAwait(false);
            }
            await followers.DisposeAsync().ConfigureAwait(false);
            await interBroker.DisposeAsync().ConfigureAwait(false);
            controller.Dispose();
            broker.Dispose();
            throw;
        }
    }

    /// <summary>Writes a single node's topics.json to the metadata log once this node leads it, before the broker registers.</summary>
    private static async Task TakeOverAsync(MetadataQuorum quorum, QuorumController controller, StandaloneMetadata standalone,
        string dataDirectory, int nodeId, ILogger logger, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TakeOverTimeout);
        while (!quorum.IsLeader)
        {
            await Task.Delay(10, deadline.Token).ConfigureAwait(false);
        }
        int written = await controller.ImportAsync(standalone, nodeId, deadline.Token).ConfigureAwait(false);
        StandaloneMetadataFiles.Finish(dataDirectory);
        Log.TookOver(logger, written, standalone.Topics.Count, standalone.NextProducerId);
    }

    /// <summary>
    /// Stops the node: with <paramref name="controlled"/>, first a controlled shutdown that moves its
    /// leaderships away (bounded by <see cref="KafkaNodeOptions.ControlledShutdownTimeout"/>).
    /// </summary>
    public async Task StopAsync(bool controlled = true)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }
        await _lifecycle.StopAsync(controlled, _shutdownTimeout).ConfigureAwait(false);
        Broker.BeginShutdown();
        Publisher.Applied = null;
        await _followers.DisposeAsync().ConfigureAwait(false);
        Broker.Controller = null;
        Broker.InterBroker = null;
        await _interBroker.DisposeAsync().ConfigureAwait(false);
        await _channel.DisposeAsync().ConfigureAwait(false);
        await Quorum.DisposeAsync().ConfigureAwait(false);
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        Controller.Dispose();
        Broker.Dispose();
        await _lifecycle.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Stops as a crash would look to the others: no controlled shutdown, no goodbye.</summary>
    public Task KillAsync() => StopAsync(controlled: false);

    public async ValueTask DisposeAsync() => await StopAsync(controlled: true).ConfigureAwait(false);

    private static async Task<WebApplication> StartHostAsync(KafkaNodeOptions options, KafkaBroker broker, RaftConnectionHub hub,
        ControllerQuorumVoter voter, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var builder = BrokerHostBuilder.Create(broker, loggerFactory);
        builder.Services.AddSingleton(hub);
        builder.Services.AddSingleton<IHostLifetime, CallerOwnedLifetime>();
        builder.WebHost.ConfigureKestrel(k =>
        {
            if (options.ConfigureClientListeners is { } configure)
            {
                configure(k);
            }
            else
            {
                Listen(k, options.ClientListenHost, options.ClientPort, o => o.UseKafka());
            }
            if (options.ListenForControllers)
            {
                Listen(k, options.ControllerListenHost ?? voter.Host, options.ControllerPort != 0 ? options.ControllerPort : voter.Port, o => o.UseConnectionHandler<ControllerListenerConnectionHandler>());
            }
        });
        var app = builder.Build();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        if (broker.Options.AdvertisedEndpoint.Port == 0)
        {
            // The client listener is the first address bound; clients learn the port from Metadata.
            string bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            broker.Options.AdvertisedEndpoint = broker.Options.AdvertisedEndpoint with { Port = new Uri(bound).Port };
        }
        return app;
    }

    private static void Listen(KestrelServerOptions kestrel, string? host, int port, Action<ListenOptions> configure)
    {
        if (string.IsNullOrEmpty(host) || host is "0.0.0.0" or "::")
        {
            kestrel.ListenAnyIP(port, configure);
        }
        else if (IPAddress.TryParse(host, out var address))
        {
            kestrel.Listen(address, port, configure);
        }
        else
        {
            kestrel.Listen(Dns.GetHostAddresses(host)[0], port, configure);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 401, Level = LogLevel.Information, Message = "Took over topics.json: {Written} of its {Topics} topics written to the metadata log (the others were already there), producer ids from {NextProducerId}")]
        public static partial void TookOver(ILogger logger, int written, int topics, long nextProducerId);
    }
}
