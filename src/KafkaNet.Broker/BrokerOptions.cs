namespace KafkaNet.Broker;

/// <summary>What a broker needs to know about itself. Names follow Kafka's server.properties.</summary>
public sealed class BrokerOptions
{
    /// <summary>node.id (broker.id).</summary>
    public int NodeId { get; set; } = 1;

    /// <summary>The first entry of log.dirs; cluster metadata such as meta.properties lives here.</summary>
    public string DataDirectory { get; set; } = "./data";

    /// <summary>socket.request.max.bytes: larger frames close the connection before anything is buffered.</summary>
    public int SocketRequestMaxBytes { get; set; } = 104857600;

    /// <summary>max.connections: while this many client connections are open, new ones wait until one closes.</summary>
    public int MaxConnections { get; set; } = int.MaxValue;

    /// <summary>max.connections.per.ip: a new connection from an address with this many open is closed at once.</summary>
    public int MaxConnectionsPerIp { get; set; } = int.MaxValue;

    /// <summary>max.connections.per.ip.overrides: "host:count,..." limits replacing max.connections.per.ip for those hosts.</summary>
    public string MaxConnectionsPerIpOverrides { get; set; } = "";

    /// <summary>max.connection.creation.rate: new client connections per second beyond which accepting them is delayed.</summary>
    public int MaxConnectionCreationRate { get; set; } = int.MaxValue;

    /// <summary>listener.name.&lt;listener&gt;.max.connections by listener name: at its limit a listener's new connections wait.</summary>
    public Dictionary<string, int> ListenerMaxConnections { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>quota.window.num: how many samples a client quota's rate is measured over.</summary>
    public int QuotaWindowNum { get; set; } = 11;

    /// <summary>quota.window.size.seconds: the length of one client quota sample.</summary>
    public int QuotaWindowSizeSeconds { get; set; } = 1;

    /// <summary>connections.max.idle.ms: a connection with nothing in flight and nothing received for longer is closed; negative never.</summary>
    public long ConnectionsMaxIdleMs { get; set; } = 600000;

    /// <summary>broker.rack, reported in Metadata.</summary>
    public string? Rack { get; set; }

    /// <summary>cluster.id; when null it is read from, or created in, meta.properties.</summary>
    public string? ClusterId { get; set; }

    /// <summary>
    /// Where clients reach this broker (advertised.listeners). Port 0 means "the port the
    /// listener actually bound", filled in once the listener is up.
    /// </summary>
    public BrokerEndpoint AdvertisedEndpoint { get; set; } = new("localhost", 9092);

    /// <summary>num.partitions: partitions of auto-created topics and of CreateTopics asking for -1.</summary>
    public int NumPartitions { get; set; } = 1;

    /// <summary>default.replication.factor: replicas of auto-created topics and of CreateTopics asking for -1.</summary>
    public short DefaultReplicationFactor { get; set; } = 1;

    /// <summary>auto.create.topics.enable: Metadata for an unknown topic creates it.</summary>
    public bool AutoCreateTopicsEnable { get; set; } = true;

    /// <summary>delete.topic.enable: when false, DeleteTopics answers TOPIC_DELETION_DISABLED.</summary>
    public bool DeleteTopicEnable { get; set; } = true;

    /// <summary>
    /// Broker-level defaults of topic configs, by broker property name (log.retention.ms,
    /// log.cleanup.policy, message.max.bytes...). The server fills it from server.properties;
    /// topics without their own override inherit these values.
    /// </summary>
    public IDictionary<string, string> TopicConfigDefaults { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Broker configs as written in server.properties after --override, by name. DescribeConfigs reports
    /// them with source STATIC_BROKER_CONFIG; values not given take the catalog's defaults.
    /// </summary>
    public IDictionary<string, string> StaticConfigs { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Fsync before acknowledging an append (concurrent appends share one fsync). Off by default,
    /// as in Kafka, which leaves flushing to the OS and durability to replication.
    /// </summary>
    public bool DurableAppends { get; set; }

    /// <summary>log.retention.check.interval.ms: how often retention, compaction and checkpoints run.</summary>
    public long LogRetentionCheckIntervalMs { get; set; } = 300000;

    /// <summary>
    /// Send fetched record data from the log files straight to the socket (sendfile) on plaintext
    /// listeners. When off, or where there is no socket (TLS, in-memory), it is copied once.
    /// </summary>
    public bool ZeroCopyFetch { get; set; } = true;

    /// <summary>KRaft roles, the controller quorum and the replication settings (process.roles, controller.*, replica.*).</summary>
    public ClusterSettings Cluster { get; set; } = new();

    /// <summary>The group coordinator's settings (offsets.topic.*, group.*).</summary>
    public Groups.GroupCoordinatorOptions Groups { get; } = new();

    /// <summary>Idempotent producers and transactions (producer.id.*, transaction.*, transactional.id.*).</summary>
    public Transactions.TransactionCoordinatorOptions Transactions { get; } = new();

    /// <summary>The ACL authorizer (authorizer.class.name, super.users, allow.everyone.if.no.acl.found); off by default.</summary>
    public Security.Authorization.AuthorizerOptions Authorizer { get; } = new();

    /// <summary>Share groups (group.share.*, share.*); not served unless enabled.</summary>
    public Shares.ShareGroupOptions ShareGroups { get; } = new();
}
