using KafkaNet.Broker.Configs;
using KafkaNet.Broker.Groups;
using KafkaNet.Broker.Handlers;
using KafkaNet.Broker.Metadata;
using KafkaNet.Broker.Metrics;
using KafkaNet.Broker.Storage;
using KafkaNet.Broker.Topics;
using KafkaNet.Broker.Transactions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KafkaNet.Broker;

/// <summary>
/// One broker: its identity, its topics and its API handlers. Transport-free: the connection
/// handler feeds it frames from Kestrel, tests can feed it from in-memory pipes.
/// </summary>
public sealed class KafkaBroker : IDisposable
{
    public KafkaBroker(
        BrokerOptions options,
        IEnumerable<IApiHandler>? handlers = null,
        ILoggerFactory? loggerFactory = null,
        IPartitionStorage? partitionStorage = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ValidateTopicDefaults(options);
        Options = options;
        ConnectionQuotas = new Network.ConnectionQuotas(Network.ConnectionLimits.From(options));
        LoggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        ClusterId = MetaProperties.LoadOrCreateClusterId(options.DataDirectory, options.NodeId, options.ClusterId);
        TopicConfigResolver = new TopicConfigResolver(options.TopicConfigDefaults.AsReadOnly());
        if (partitionStorage is null)
        {
            Replicas = new ReplicaManager(options.DataDirectory, TopicConfigResolver, options.DurableAppends, TimeSpan.FromMilliseconds(options.LogRetentionCheckIntervalMs))
            {
                ProducerIdExpirationMs = options.Transactions.ProducerIdExpirationMs,
            };
            partitionStorage = Replicas;
            Replicas.Replication = new Replication.LeaderReplication(
                Replicas, options.NodeId, options.Cluster.ReplicaLagTimeMaxMs, () => Controller, () => BrokerEpoch,
                logger: LoggerFactory.CreateLogger<Replication.LeaderReplication>())
            {
                Metrics = Metrics,
                IsrEligible = IsIsrEligible,
            };
        }
        Cluster = new ClusterView(options);
        Topics = new TopicRegistry(options.DataDirectory, partitionStorage, options.NodeId);
        PartitionGauges.Register(Metrics.Meter, Topics, Replicas);
        if (options.Cluster.IsStandalone)
        {
            // A node of a quorum learns its topics from the metadata log, replayed after this: its logs on disk
            // wait for it (RemoveStrayLogs once caught up) rather than being judged by an empty topics.json.
            Replicas?.Reconcile(Topics.Topics.Select(t => (t.Name, t.PartitionCount, (IReadOnlyDictionary<string, string>)t.Configs)));
        }
        Groups = new GroupCoordinator(options.Groups, Topics, Replicas)
        {
            ShareOptions = options.ShareGroups,
            GroupConfigs = new GroupConfigStore(options.DataDirectory, options.ShareGroups),
            ShareStatePersister = () => ShareState,
        };
        ShareGroupView = new Groups.Share.CoordinatorShareGroupView(Groups);
        GroupLagGauge.Register(Metrics.Meter, Groups, Replicas);
        Transactions = new TransactionCoordinator(options.Transactions, options.DataDirectory, Topics, Replicas, Groups,
            LoggerFactory.CreateLogger<TransactionCoordinator>());
        if (options.ShareGroups.Enabled)
        {
            ShareCoordinator = new Shares.Coordinator.ShareCoordinator(options.ShareGroups.Coordinator, Topics, Replicas);
            ShareState = new Shares.Coordinator.ShareCoordinatorPersister(this);
        }
        Handlers = new ApiHandlerRegistry(Served(handlers ?? DefaultHandlers(), options));
        ControllerListenerHandlers = Handlers;
        Authorizer = options.Authorizer.Enabled ? new Security.Authorization.AclAuthorizer(() => Image, options.Authorizer) : null;
    }

    public BrokerOptions Options { get; }

    /// <summary>The broker's instruments (Kafka's metric names), exported when a metrics listener is configured.</summary>
    public BrokerMetrics Metrics { get; } = new();

    /// <summary>Open client connections against max.connections and max.connections.per.ip.</summary>
    public Network.ConnectionQuotas ConnectionQuotas { get; }

    /// <summary>Client byte-rate quotas (producer_byte_rate, consumer_byte_rate) and what clients did against them.</summary>
    public Quotas.ClientQuotas ClientQuotas
    {
        get
        {
            if (field is null)
            {
                // First use may race: one instance wins, so no client's bytes are counted twice over.
                Interlocked.CompareExchange(ref field, new(Options.QuotaWindowNum, Options.QuotaWindowSizeSeconds), null);
            }
            return field;
        }
    }

    public string ClusterId { get; }

    public TopicRegistry Topics { get; }

    /// <summary>The live brokers and controller id clients are told of.</summary>
    public ClusterView Cluster { get; }

    /// <summary>
    /// The active controller, set by the cluster layer before the broker serves requests; null on a node
    /// that keeps its metadata itself (a single node without a quorum).
    /// </summary>
    public Controller.IControllerChannel? Controller { get; set; }

    /// <summary>Requests to other brokers (transaction markers); set by the cluster layer, null on a single node.</summary>
    public InterBroker.IInterBrokerChannel? InterBroker { get; set; }

    /// <summary>
    /// Completes once client listeners may serve: in a cluster, when the broker has caught up with the
    /// metadata log, so no client is told of an image still being replayed. Until then client connections
    /// are closed as they arrive, as a broker whose listener is not yet open would refuse them.
    /// </summary>
    public Task ClientRequestsEnabled { get; set; } = Task.CompletedTask;

    /// <summary>
    /// How long a client connection that arrives before <see cref="ClientRequestsEnabled"/> waits for it, unread, before
    /// being closed: zero closes it at once. A node that is ready within moments holds clients, as a listener whose
    /// acceptor has not started yet leaves them in its backlog.
    /// </summary>
    public TimeSpan ClientGateHold { get; set; }

    /// <summary>The metadata image the broker last applied (credentials, ACLs and quotas are read from it).</summary>
    public MetadataImage Image { get; private set; } = MetadataImage.Empty;

    /// <summary>Checks each request's operations when authorizer.class.name names one; null allows everything.</summary>
    public Security.Authorization.IAuthorizer? Authorizer { get; set; }

    /// <summary>
    /// The SASL listeners serving the Kafka protocol, by listener name, as UseKafka() put them on their listeners: what
    /// they accept (mechanisms, PLAIN users). The web console signs its users in against these.
    /// </summary>
    public IReadOnlyDictionary<string, Security.SaslListenerSettings> SaslListeners => _saslListeners;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Security.SaslListenerSettings> _saslListeners = new(StringComparer.Ordinal);

    /// <summary>Records that <paramref name="listenerName"/> serves Kafka with SASL (UseKafka calls this).</summary>
    public void AddSaslListener(string listenerName, Security.SaslListenerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(listenerName);
        ArgumentNullException.ThrowIfNull(settings);
        _saslListeners[listenerName] = settings;
    }

    /// <summary>The epoch the controller gave this broker's registration; -1 before registering.</summary>
    public long BrokerEpoch { get; set; } = -1;

    /// <summary>Effective topic configs: topic overrides over broker defaults over Kafka's defaults.</summary>
    public TopicConfigResolver TopicConfigResolver { get; }

    /// <summary>This broker's configs as DescribeConfigs reports them, with the dynamic ones of the metadata image.</summary>
    public DynamicBrokerConfigs DynamicConfigs => LazyInitializer.EnsureInitialized(ref field, () => new DynamicBrokerConfigs(this));

    /// <summary>Authorization denials and failed authentications, rate-limited, under the "KafkaNet.Audit" category.</summary>
    public Security.Audit.AuditLog Audit => LazyInitializer.EnsureInitialized(ref field, () => new Security.Audit.AuditLog(LoggerFactory));

    /// <summary>What the client listeners serve and advertise.</summary>
    public ApiHandlerRegistry Handlers { get; }

    /// <summary>
    /// What the controller listener serves and advertises: the client APIs and, on a node with the controller role,
    /// the controller's own (BrokerRegistration, BrokerHeartbeat, AlterPartition, ...), which Kafka keeps off client listeners.
    /// </summary>
    public ApiHandlerRegistry ControllerListenerHandlers { get; private set; }

    /// <summary>
    /// Serves <paramref name="controllerApis"/> on the controller listener only, in place of a client API with the same
    /// key, beside the client APIs <paramref name="clientApis"/> keeps (all when null); set once, before it listens.
    /// </summary>
    public void ServeOnControllerListener(IEnumerable<IApiHandler> controllerApis, Func<short, bool>? clientApis = null)
    {
        ArgumentNullException.ThrowIfNull(controllerApis);
        var own = controllerApis.ToList();
        var kept = Handlers.Handlers.Where(h => (clientApis?.Invoke(h.ApiKey) ?? true) && own.TrueForAll(c => c.ApiKey != h.ApiKey));
        ControllerListenerHandlers = new ApiHandlerRegistry(kept.Concat(own));
    }

    /// <summary>The partition logs; null when a custom storage port was supplied (tests of administration alone).</summary>
    public ReplicaManager? Replicas { get; }

    public ILoggerFactory LoggerFactory { get; }

    /// <summary>Consumer groups and their committed offsets.</summary>
    public GroupCoordinator Groups { get; }

    /// <summary>Transactional ids, producer ids and transactions.</summary>
    public TransactionCoordinator Transactions { get; }

    /// <summary>The share coordinator (__share_group_state) when share groups are enabled; null otherwise.</summary>
    public Shares.Coordinator.ShareCoordinator? ShareCoordinator { get; }

    /// <summary>
    /// Where share-partition delivery state is kept: the share coordinator when share groups are enabled, in memory
    /// otherwise (or whatever a test attaches).
    /// </summary>
    public Shares.IShareStatePersister ShareState { get; set; } = new Shares.InMemoryShareStatePersister();

    /// <summary>Share-group membership and settings as the share-partition leader sees them (the group coordinator's).</summary>
    public Shares.IShareGroupView? ShareGroupView { get; set; }

    /// <summary>The share-partition leader: the share-partitions this broker leads and its share sessions (made on first use).</summary>
    public Shares.Fetch.SharePartitionManager SharePartitions => LazyInitializer.EnsureInitialized(ref _sharePartitions, () => new Shares.Fetch.SharePartitionManager(
        () => ShareState, () => ShareGroupView, Options.ShareGroups.MaxShareSessions, lockSweepInterval: Options.ShareGroups.RecordLockSweepInterval,
        deadLetters: () => DeadLetters, logger: LoggerFactory.CreateLogger<Shares.Fetch.SharePartitionManager>()));

    /// <summary>Writes share groups' dead-letter records (KIP-1191) onto their dead-letter topics; replaceable for tests.</summary>
    public Shares.DeadLetter.IDeadLetterWriter? DeadLetters
    {
        get => LazyInitializer.EnsureInitialized(ref _deadLetters, () => new Shares.DeadLetter.BrokerDeadLetterWriter(this,
            LoggerFactory.CreateLogger<Shares.DeadLetter.BrokerDeadLetterWriter>()));
        set => _deadLetters = value;
    }

    private Shares.DeadLetter.IDeadLetterWriter? _deadLetters;

    private Shares.Fetch.SharePartitionManager? _sharePartitions;

    /// <summary>Called as a client connection closes: the share sessions it opened end and their records go back.</summary>
    internal void ConnectionClosed(string connectionId) => _ = Volatile.Read(ref _sharePartitions)?.ConnectionClosedAsync(connectionId);

    /// <summary>
    /// The handlers a broker with <paramref name="options"/> serves: share-group APIs exist only while share groups are
    /// enabled, and what is not served is not advertised.
    /// </summary>
    public static IEnumerable<IApiHandler> Served(IEnumerable<IApiHandler> handlers, BrokerOptions options)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        ArgumentNullException.ThrowIfNull(options);
        return handlers.Where(h => options.ShareGroups.Enabled || !Shares.ShareApis.IsShareApi(h.ApiKey));
    }

    /// <summary>The handlers this build implements.</summary>
    public static IEnumerable<IApiHandler> DefaultHandlers() =>
    [
        new MetadataHandler(),
        new ApiVersionsHandler(),
        new CreateTopicsHandler(),
        new DeleteTopicsHandler(),
        new DescribeConfigsHandler(),
        new AlterConfigsHandler(),
        new CreatePartitionsHandler(),
        new IncrementalAlterConfigsHandler(),
        new DescribeClientQuotasHandler(),
        new AlterClientQuotasHandler(),
        new DescribeClusterHandler(),
        new ElectLeadersHandler(),
        new AlterPartitionReassignmentsHandler(),
        new ListPartitionReassignmentsHandler(),
        new DescribeTopicPartitionsHandler(),
        new ProduceHandler(),
        new FetchHandler(),
        new ListOffsetsHandler(),
        new OffsetForLeaderEpochHandler(),
        new FindCoordinatorHandler(),
        new DeleteRecordsHandler(),
        new DescribeLogDirsHandler(),
        new DescribeProducersHandler(),
        new JoinGroupHandler(),
        new SyncGroupHandler(),
        new HeartbeatHandler(),
        new LeaveGroupHandler(),
        new OffsetCommitHandler(),
        new OffsetFetchHandler(),
        new TxnOffsetCommitHandler(),
        new OffsetDeleteHandler(),
        new DescribeGroupsHandler(),
        new ListGroupsHandler(),
        new DeleteGroupsHandler(),
        new ConsumerGroupHeartbeatHandler(),
        new ConsumerGroupDescribeHandler(),
        new ShareFetchHandler(),
        new ShareAcknowledgeHandler(),
        new InitializeShareGroupStateHandler(),
        new ReadShareGroupStateHandler(),
        new WriteShareGroupStateHandler(),
        new DeleteShareGroupStateHandler(),
        new ReadShareGroupStateSummaryHandler(),
        new ShareGroupHeartbeatHandler(),
        new ShareGroupDescribeHandler(),
        new DescribeShareGroupOffsetsHandler(),
        new AlterShareGroupOffsetsHandler(),
        new DeleteShareGroupOffsetsHandler(),
        new InitProducerIdHandler(),
        new AddPartitionsToTxnHandler(),
        new AddOffsetsToTxnHandler(),
        new EndTxnHandler(),
        new WriteTxnMarkersHandler(),
        new DescribeTransactionsHandler(),
        new ListTransactionsHandler(),
        new SaslHandshakeHandler(),
        new SaslAuthenticateHandler(),
        new CreateAclsHandler(),
        new DescribeAclsHandler(),
        new DeleteAclsHandler(),
        new AlterUserScramCredentialsHandler(),
        new DescribeUserScramCredentialsHandler(),
    ];

    /// <summary>
    /// Makes the broker answer from a metadata image: its live brokers, and its topics with their
    /// partitions' leaders and configs; local logs follow the partitions this node replicates.
    /// </summary>
    public void Publish(MetadataUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        Image = update.Image;
        Topics.ApplyImage(update);
        Replicas?.Replication?.Apply(Topics.Topics);
        Cluster.Publish(update);
        DynamicConfigs.Apply(update);
        Groups.ApplyLeadership(Topics.Find(TopicNames.ConsumerOffsets));
        ShareCoordinator?.ApplyLeadership(Topics.Find(TopicNames.ShareGroupState));
        // After the leaders' states exist: coordinator writes wait on them.
        Transactions.Follow(this);
    }

    // Registered, unfenced, not in controlled shutdown and at the epoch it fetched with (-1: not sent), as Kafka's
    // leader checks before an ISR expansion. Without registrations (no metadata image yet) nothing is known against it.
    private bool IsIsrEligible(int brokerId, long brokerEpoch)
    {
        var brokers = Image.Brokers;
        return brokers.IsEmpty
            || (brokers.TryGetValue(brokerId, out var broker) && !broker.Fenced && !broker.InControlledShutdown && (brokerEpoch < 0 || broker.Epoch == brokerEpoch));
    }

    /// <summary>
    /// Deletes logs of partitions without a replica here in the current metadata: the cluster layer calls it once
    /// the broker caught up with the metadata log (unfenced), as Kafka removes stray logs after loading its image.
    /// </summary>
    public void RemoveStrayLogs()
    {
        int self = Options.NodeId;
        var keep = new HashSet<KafkaNet.Storage.TopicPartition>();
        foreach (var topic in Topics.Topics)
        {
            foreach (var partition in topic.Partitions)
            {
                if (partition.Replicas.Contains(self))
                {
                    keep.Add(new KafkaNet.Storage.TopicPartition(topic.Name, partition.PartitionId));
                }
            }
        }
        Replicas?.RemoveLogsExcept(keep);
    }

    /// <summary>Called when the host starts stopping: requests that wait on other members are answered now.</summary>
    public void BeginShutdown() => Groups.Resign();

    public void Dispose()
    {
        _sharePartitions?.Dispose();
        Transactions.Dispose();
        Groups.Dispose();
        ShareCoordinator?.Dispose();
        Replicas?.Dispose();
        Metrics.Dispose();
    }

    /// <summary>A bad broker-level topic default stops startup with a message naming it, as Kafka does.</summary>
    private static void ValidateTopicDefaults(BrokerOptions options)
    {
        foreach (var (name, value) in options.TopicConfigDefaults)
        {
            var definition = TopicConfigs.FindByBrokerSynonym(name)
                ?? throw new ArgumentException($"{name} is not a broker-level default of any topic config", nameof(options));
            if (definition.Validator(value) is { } problem)
            {
                throw new ArgumentException($"Invalid value {value} for configuration {name}: {problem}", nameof(options));
            }
        }
    }
}
