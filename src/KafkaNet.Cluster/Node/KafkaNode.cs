using System.Net;
using KafkaNet.Broker;
using KafkaNet.Broker.Handlers;
using KafkaNet.Broker.Topics;
using KafkaNet.Cluster.Controller;
using KafkaNet.Cluster.Controller.Handlers;
using KafkaNet.Cluster.Network;
using KafkaNet.Cluster.Observer;
using KafkaNet.Cluster.Quorum;
using KafkaNet.Cluster.Quorum.Transport;
using KafkaNet.Protocol.Messages;
using KafkaNet.WebConsole;
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
/// One KRaft node in the roles process.roles gives it. With the controller role: a quorum voter on the controller
/// listener (the voter's host:port) with the controller APIs, serving the committed metadata log to brokers that do
/// not vote. With the broker role: the broker on the client listener, registered and heartbeating with the active
/// controller; it applies the metadata log from its own voter when it has the controller role too (combined mode),
/// otherwise by fetching it from the active controller as Kafka's observers do.
/// </summary>
public sealed partial class KafkaNode : IAsyncDisposable
{
    /// <summary>The listener name the controller listener is known by.</summary>
    public const string ControllerListenerName = "CONTROLLER";

    // The client APIs a node with only the controller role serves on its controller listener, as Kafka's controllers
    // do: admin requests forwarded by brokers (or sent by tools with --bootstrap-controller), and ApiVersions.
    private static readonly HashSet<short> ControllerOnlyClientApis =
    [
        ApiVersionsRequest.ApiKey, CreateTopicsRequest.ApiKey, DeleteTopicsRequest.ApiKey, CreatePartitionsRequest.ApiKey,
        AlterConfigsRequest.ApiKey, IncrementalAlterConfigsRequest.ApiKey, ElectLeadersRequest.ApiKey,
        AlterPartitionReassignmentsRequest.ApiKey, ListPartitionReassignmentsRequest.ApiKey, DescribeQuorumRequest.ApiKey,
        DescribeClusterRequest.ApiKey, AlterClientQuotasRequest.ApiKey, CreateAclsRequest.ApiKey, DescribeAclsRequest.ApiKey, DeleteAclsRequest.ApiKey,
        AlterUserScramCredentialsRequest.ApiKey, SaslHandshakeRequest.ApiKey, SaslAuthenticateRequest.ApiKey,
    ];

    private readonly WebApplication _app;
    private readonly ControllerChannel _channel;
    private readonly BrokerLifecycle? _lifecycle;
    private readonly ReplicaFollowers? _followers;
    private readonly InterBrokerChannel? _interBroker;
    private readonly MetadataLogFollower? _metadataFollower;
    private readonly MetadataQuorum? _quorum;
    private readonly QuorumController? _controller;
    private readonly TimeSpan _shutdownTimeout;
    private readonly NodeHealth _health;
    private int _stopped;

    // A sole voter is ready within a second or so of starting; until then connections wait rather than being closed.
    private static readonly TimeSpan SoleVoterClientHold = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan TakeOverTimeout = TimeSpan.FromSeconds(30);

    private KafkaNode(WebApplication app, KafkaBroker broker, MetadataQuorum? quorum, QuorumController? controller,
        MetadataPublisher publisher, ControllerChannel channel, BrokerLifecycle? lifecycle, ReplicaFollowers? followers,
        InterBrokerChannel? interBroker, MetadataLogFollower? metadataFollower, TimeSpan shutdownTimeout, NodeHealth health)
    {
        _health = health;
        _followers = followers;
        _interBroker = interBroker;
        _metadataFollower = metadataFollower;
        _app = app;
        Broker = broker;
        _quorum = quorum;
        _controller = controller;
        Publisher = publisher;
        _channel = channel;
        _lifecycle = lifecycle;
        _shutdownTimeout = shutdownTimeout;
    }

    public int NodeId => Broker.Options.NodeId;

    /// <summary>process.roles of this node.</summary>
    public ProcessRoles Roles => Broker.Options.Cluster.Roles;

    /// <summary>
    /// The broker. On a node with only the controller role it is not registered and has no client listener: it
    /// serves the controller listener's requests.
    /// </summary>
    public KafkaBroker Broker { get; }

    /// <summary>This node's quorum voter.</summary>
    /// <exception cref="InvalidOperationException">The node has only the broker role.</exception>
    public MetadataQuorum Quorum => _quorum ?? throw new InvalidOperationException($"Node {NodeId} has no controller role.");

    /// <summary>This node's controller, active while its voter leads the quorum.</summary>
    /// <exception cref="InvalidOperationException">The node has only the broker role.</exception>
    public QuorumController Controller => _controller ?? throw new InvalidOperationException($"Node {NodeId} has no controller role.");

    public MetadataPublisher Publisher { get; }

    /// <summary>host:port of the client listener as advertised.</summary>
    public string BootstrapServers => Broker.Options.AdvertisedEndpoint.ToString();

    /// <summary>
    /// With the broker role: completes when the controller has unfenced this broker. With only the controller role:
    /// completes once the quorum knows its leader.
    /// </summary>
    public Task Ready { get; private init; } = Task.CompletedTask;

    /// <summary>The address the metrics listener is bound to (its port when configured as 0); null without one.</summary>
    public Uri? MetricsEndpoint { get; private init; }

    /// <summary>Whether the controller has this broker fenced, as of its last heartbeat; true for a node that is no broker.</summary>
    public bool IsFenced => _lifecycle?.IsFenced ?? true;

    /// <summary>Starts the listeners, joins the quorum or follows it, and with the broker role begins registering with the active controller.</summary>
    public static async Task<KafkaNode> StartAsync(KafkaNodeOptions options, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        loggerFactory ??= NullLoggerFactory.Instance;
        var brokerOptions = options.Broker;
        var cluster = brokerOptions.Cluster;
        int nodeId = brokerOptions.NodeId;
        bool isBroker = cluster.IsBroker;
        bool isController = cluster.IsController;
        if (!isBroker && !isController)
        {
            throw new ArgumentException("A node needs the broker role, the controller role or both.", nameof(options));
        }
        // A controller configured with bootstrap servers and no voters belongs to a dynamic quorum (KIP-853).
        bool dynamicQuorum = isController && cluster.Voters.Count == 0 && cluster.BootstrapServers.Count > 0;
        string listenerName = cluster.ControllerListenerNames.FirstOrDefault() ?? ControllerListenerName;
        ControllerQuorumVoter? voter = null;
        if (dynamicQuorum)
        {
            if (options.ControllerPort == 0)
            {
                throw new ArgumentException("A controller of a dynamic quorum needs its controller listener's port.", nameof(options));
            }
            if (!QuorumFormatter.IsFormatted(Path.Combine(brokerOptions.DataDirectory, KafkaNet.Storage.LogFileNames.ClusterMetadataTopic + "-0")))
            {
                // Checked before anything is written, so the directory can still be formatted.
                throw new InvalidOperationException(
                    $"{brokerOptions.DataDirectory} is not formatted for a dynamic quorum: format it with --standalone, --initial-controllers or --no-initial-controllers.");
            }
            voter = new ControllerQuorumVoter(nodeId, options.ControllerAdvertisedHost ?? options.ControllerListenHost ?? "127.0.0.1", options.ControllerPort);
        }
        else if (isController)
        {
            voter = cluster.Voters.FirstOrDefault(v => v.NodeId == nodeId)
                ?? throw new ArgumentException($"Node {nodeId} is not among the controller quorum voters.", nameof(options));
        }
        var controllerAddresses = isController ? [] : ControllerAddresses(cluster);
        // Read before anything starts, so a damaged file stops the node cleanly.
        var bootstrapRecords = isController ? BootstrapRecordsFile.Read(brokerOptions.DataDirectory) : [];

        // The quorum's only voter with the broker role: nothing outside this process can lead or vote (the Raft engine
        // makes a lone member leader at once), so the node takes over a single node's topics.json and holds early
        // clients rather than turning them away.
        bool soleVoter = isBroker && isController && cluster.Voters.Count == 1;
        var standalone = soleVoter ? StandaloneMetadataFiles.Take(brokerOptions.DataDirectory) : null;
        var hub = isController ? new RaftConnectionHub
        {
            Security = options.ControllerSecurity,
            ClientId = $"controller-{nodeId}-raft",
            Logger = loggerFactory.CreateLogger<RaftConnectionHub>(),
        } : null;
        var writer = new DeferredLogWriter();
        var incarnation = Guid.NewGuid();
        var feed = isController ? new MetadataLogFeed(options.MetadataFeedRetainedEntries) : null;
        MetadataQuorum? quorum = null;
        var describeQuorum = new DescribeQuorumHandler(() => Volatile.Read(ref quorum), cluster.Voters, listenerName, feed, forwardWithoutQuorum: !isController);
        IApiHandler[] quorumApis = [describeQuorum, new AddRaftVoterHandler(null), new RemoveRaftVoterHandler(null)];
        var broker = new KafkaBroker(brokerOptions, (options.Handlers ?? KafkaBroker.DefaultHandlers()).Concat(quorumApis), loggerFactory);
        QuorumController? controller = null;
        if (isController)
        {
            var controllerOptions = QuorumControllerOptions.From(brokerOptions);
            controllerOptions.NodeId = nodeId;
            controllerOptions.LocalBrokerIncarnation = isBroker ? incarnation : null;
            // The id this node was formatted with (cluster.id, or the one meta.properties holds).
            controllerOptions.ClusterId = broker.ClusterId;
            controller = new QuorumController(controllerOptions, writer, loggerFactory) { BootstrapRecords = bootstrapRecords };
        }
        if (controller is not null && feed is not null)
        {
            // As Kafka's listeners: DescribeQuorum on every listener, the controller's own APIs only on the controller listener.
            IApiHandler[] controllerApis =
            [
                new BrokerRegistrationHandler(controller),
                new BrokerHeartbeatHandler(controller),
                new AlterPartitionHandler(controller),
                new AllocateProducerIdsHandler(controller),
                new MetadataFetchHandler(() => Volatile.Read(ref quorum), feed),
                new FetchSnapshotHandler(() => Volatile.Read(ref quorum), feed),
                new AddRaftVoterHandler(controller),
                new RemoveRaftVoterHandler(controller),
                new ControllerCreateAclsHandler(controller),
                new ControllerDeleteAclsHandler(controller),
                new EnvelopeHandler(),
            ];
            broker.ServeOnControllerListener(controllerApis, isBroker ? null : ControllerOnlyClientApis.Contains);
        }
        var publisher = new MetadataPublisher(broker, controller, loggerFactory.CreateLogger<MetadataPublisher>()) { Feed = feed };
        ReplicaFollowers? followers = null;
        InterBrokerChannel? interBroker = null;
        var caughtUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (isBroker)
        {
            var directory = new BrokerDirectory(() => publisher.Image, options.ClientListenerName);
            followers = new ReplicaFollowers(broker, directory, options.InterBrokerSecurity, loggerFactory);
            publisher.Applied = followers.Apply;
            interBroker = new InterBrokerChannel(directory, $"broker-{nodeId}", options.InterBrokerSecurity, loggerFactory);
            broker.InterBroker = interBroker;
            broker.ClientRequestsEnabled = caughtUp.Task;
            if (soleVoter)
            {
                broker.ClientGateHold = SoleVoterClientHold;
            }
        }
        WebApplication? app = null;
        var health = new NodeHealth();
        MetadataLogFollower? metadataFollower = null;
        BrokerLifecycle? lifecycle = null;
        ControllerChannel? channel = null;
        try
        {
            app = await StartHostAsync(options, broker, hub, voter, health, loggerFactory, cancellationToken).ConfigureAwait(false);
            IControllerLocator locator;
            if (isController)
            {
                var quorumDirectory = Path.Combine(brokerOptions.DataDirectory, KafkaNet.Storage.LogFileNames.ClusterMetadataTopic + "-0");
                if (dynamicQuorum)
                {
                    voter = voter! with { DirectoryId = MetaProperties.ReadDirectoryId(brokerOptions.DataDirectory) ?? Guid.Empty };
                }
                var started = await MetadataQuorum.StartAsync(new MetadataQuorumOptions
                {
                    NodeId = nodeId,
                    Voters = dynamicQuorum ? [] : cluster.Voters,
                    Dynamic = dynamicQuorum,
                    Self = dynamicQuorum ? voter : null,
                    DataDirectory = quorumDirectory,
                    ElectionTimeoutMin = options.ElectionTimeoutMin,
                    ElectionTimeoutMax = options.ElectionTimeoutMax,
                    RequestTimeout = options.QuorumRequestTimeout,
                    Transport = hub,
                }, publisher, loggerFactory, cancellationToken).ConfigureAwait(false);
                Volatile.Write(ref quorum, started);
                writer.Attach(started);
                controller!.Quorum = started;
                controller.ControllerListenerName = listenerName;
                publisher.VotersApplied = voters => _ = LearnVotersAsync(started, voters, loggerFactory.CreateLogger<KafkaNode>());
                started.LeadershipChanged += l => controller!.OnLeadershipChanged(l.LeaderId == nodeId);
                controller!.OnLeadershipChanged(started.IsLeader);

                if (standalone is not null)
                {
                    await TakeOverAsync(started, controller, standalone, brokerOptions.DataDirectory, nodeId,
                        loggerFactory.CreateLogger<KafkaNode>(), cancellationToken).ConfigureAwait(false);
                }
                locator = new QuorumControllerLocator(started);
            }
            else
            {
                metadataFollower = new MetadataLogFollower(nodeId, broker.ClusterId, controllerAddresses, publisher, loggerFactory) { Security = options.ControllerSecurity };
                metadataFollower.Start();
                locator = metadataFollower;
            }

            channel = new ControllerChannel(locator, controller, nodeId, options.ControllerRequestTimeout, loggerFactory) { Security = options.ControllerSecurity };
            broker.Controller = channel;
            Task ready;
            if (isBroker)
            {
                lifecycle = new BrokerLifecycle(broker, channel, () => publisher.AppliedOffset, options.ClientListenerName,
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
                ready = lifecycle.Unfenced;
            }
            else
            {
                ready = WaitForLeaderAsync(quorum!);
            }
            health.Ready = ready;
            return new KafkaNode(app, broker, quorum, controller, publisher, channel, lifecycle, followers, interBroker,
                metadataFollower, options.ControlledShutdownTimeout, health) { Ready = ready, MetricsEndpoint = BoundMetricsEndpoint(app, options) };
        }
        catch
        {
            if (lifecycle is not null)
            {
                await lifecycle.DisposeAsync().ConfigureAwait(false);
            }
            if (metadataFollower is not null)
            {
                await metadataFollower.DisposeAsync().ConfigureAwait(false);
            }
            if (channel is not null)
            {
                await channel.DisposeAsync().ConfigureAwait(false);
            }
            if (quorum is not null)
            {
                await quorum.DisposeAsync().ConfigureAwait(false);
            }
            if (app is not null)
            {
                await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
                await app.DisposeAsync().ConfigureAwait(false);
            }
            if (followers is not null)
            {
                await followers.DisposeAsync().ConfigureAwait(false);
            }
            if (interBroker is not null)
            {
                await interBroker.DisposeAsync().ConfigureAwait(false);
            }
            controller?.Dispose();
            broker.Dispose();
            throw;
        }
    }

    // A broker without the controller role reaches the controllers through the voters it is told of or, failing
    // those, the bootstrap addresses (whose node ids it learns from the first answer).
    private static List<NodeAddress> ControllerAddresses(ClusterSettings cluster)
    {
        var addresses = cluster.Voters.Select(v => new NodeAddress(v.NodeId, v.Host, v.Port)).ToList();
        if (addresses.Count == 0)
        {
            addresses.AddRange(cluster.BootstrapServers.Select(b => new NodeAddress(-1, b.Host, b.Port)));
        }
        if (addresses.Count == 0)
        {
            throw new ArgumentException("A node without the controller role needs controller.quorum.voters or controller.quorum.bootstrap.servers.", nameof(cluster));
        }
        return addresses;
    }

    private static async Task LearnVotersAsync(MetadataQuorum quorum, IEnumerable<ControllerQuorumVoter> voters, ILogger logger)
    {
        try
        {
            await quorum.LearnVotersAsync(voters, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A voter whose host does not resolve stays unnamed here; the Raft engine still reaches it by address.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.VotersNotLearned(logger, e);
        }
    }

    private static async Task WaitForLeaderAsync(MetadataQuorum quorum)
    {
        while (quorum.LeaderId is null)
        {
            await Task.Delay(20).ConfigureAwait(false);
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
        _health.Stopping();
        if (_lifecycle is not null)
        {
            await _lifecycle.StopAsync(controlled, _shutdownTimeout).ConfigureAwait(false);
        }
        Broker.BeginShutdown();
        Publisher.Applied = null;
        if (_metadataFollower is not null)
        {
            await _metadataFollower.DisposeAsync().ConfigureAwait(false);
        }
        if (_followers is not null)
        {
            await _followers.DisposeAsync().ConfigureAwait(false);
        }
        Broker.Controller = null;
        Broker.InterBroker = null;
        if (_interBroker is not null)
        {
            await _interBroker.DisposeAsync().ConfigureAwait(false);
        }
        await _channel.DisposeAsync().ConfigureAwait(false);
        if (_quorum is not null)
        {
            await _quorum.DisposeAsync().ConfigureAwait(false);
        }
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _controller?.Dispose();
        Broker.Dispose();
        if (_lifecycle is not null)
        {
            await _lifecycle.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Stops as a crash would look to the others: no controlled shutdown, no goodbye.</summary>
    public Task KillAsync() => StopAsync(controlled: false);

    public async ValueTask DisposeAsync() => await StopAsync(controlled: true).ConfigureAwait(false);

    private static async Task<WebApplication> StartHostAsync(KafkaNodeOptions options, KafkaBroker broker, RaftConnectionHub? hub,
        ControllerQuorumVoter? voter, NodeHealth health, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var builder = BrokerHostBuilder.Create(broker, loggerFactory);
        if (options.MetricsListener is not null)
        {
            MetricsHttp.AddServices(builder.Services, broker);
        }
        if (hub is not null)
        {
            builder.Services.AddSingleton(hub);
        }
        builder.Services.AddSingleton<IHostLifetime, CallerOwnedLifetime>();
        bool isBroker = broker.Options.Cluster.IsBroker;
        builder.WebHost.ConfigureKestrel(k =>
        {
            if (!isBroker)
            {
                // A controller alone has no client listener.
            }
            else if (options.ConfigureClientListeners is { } configure)
            {
                configure(k);
            }
            else
            {
                Listen(k, options.ClientListenHost, options.ClientPort, o => o.UseKafka(options.ClientListenerName));
            }
            if (voter is not null && options.ListenForControllers)
            {
                Listen(k, options.ControllerListenHost ?? voter.Host, options.ControllerPort != 0 ? options.ControllerPort : voter.Port, o =>
                {
                    options.ControllerListenerTls?.Invoke(o);
                    var handler = new ControllerListenerConnectionHandler(broker, hub!, options.ControllerListenerAuthentication ?? new ControllerListenerAuthentication());
                    o.Run(handler.OnConnectedAsync);
                });
            }
            if (options.MetricsListener is { } metrics)
            {
                // Bound last: the client listener stays the first address (see below).
                Listen(k, metrics.Host, metrics.Port, MetricsHttp.Configure);
            }
        });
        var app = builder.Build();
        if (options.MetricsListener is not null)
        {
            MetricsHttp.Map(app, () => health.IsReady);
            if (options.WebConsole && isBroker)
            {
                WebConsoleEndpoints.Map(app, broker);
            }
        }
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        if (isBroker && broker.Options.AdvertisedEndpoint.Port == 0)
        {
            // The client listener is the first address bound; clients learn the port from Metadata.
            string bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            broker.Options.AdvertisedEndpoint = broker.Options.AdvertisedEndpoint with { Port = new Uri(bound).Port };
        }
        return app;
    }

    // The metrics listener is bound last, so it is the last address.
    private static Uri? BoundMetricsEndpoint(WebApplication app, KafkaNodeOptions options) =>
        options.MetricsListener is null
            ? null
            : new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Last());

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

        [LoggerMessage(EventId = 402, Level = LogLevel.Warning, Message = "The quorum voters of the metadata log could not all be resolved")]
        public static partial void VotersNotLearned(ILogger logger, Exception exception);
    }
}
