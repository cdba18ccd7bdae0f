namespace KafkaNet.Server.Configuration;

/// <summary>
/// The broker's configuration table: one row per property, with Kafka's names and (unless noted) Kafka's defaults.
/// To support a new property, add a row here; read it through <see cref="BrokerConfig.GetValue"/> or give it a
/// typed property on <see cref="BrokerConfig"/>.
/// </summary>
public static partial class BrokerConfigDefinitions
{
    // Each Define call appends its row here while the static fields initialise. C# orders initialisers
    // textually within one file but not across the parts of a partial class, so the list is created on first use.
    private static List<ConfigDefinition>? rows;

    // ---- Node identity and roles ----
    public static readonly ConfigDefinition NodeId = Define(
        "node.id", ConfigType.Int, "1",
        "The id of this node in the cluster (broker.id is accepted as an alias). KafkaNet defaults to 1 for a standalone node; once a quorum is configured it must be set, as Kafka requires.",
        ConfigValidators.AtLeast(0), "broker.id");

    public static readonly ConfigDefinition ProcessRoles = Define(
        "process.roles", ConfigType.List, "broker,controller",
        "The roles this node plays: broker, controller, or both (combined). KafkaNet defaults to a combined node.",
        ConfigValidators.All(ConfigValidators.NonEmptyList(), ConfigValidators.ItemsIn("broker", "controller"), ConfigValidators.NoDuplicates()));

    public static readonly ConfigDefinition ControllerQuorumVoters = Define(
        "controller.quorum.voters", ConfigType.List, "",
        "The static controller quorum as id@host:port entries, one per voter. Empty, with no bootstrap servers either, makes a standalone node its own only voter.",
        ListenerValidators.QuorumVoters());

    public static readonly ConfigDefinition ControllerListenerNames = Define(
        "controller.listener.names", ConfigType.List, "",
        "Listeners used by the controller; the first is where controllers are reached. They are never advertised to clients. A controller of a configured quorum needs one.",
        ConfigValidators.NoDuplicates());

    public static readonly ConfigDefinition ClusterId = Define(
        "cluster.id", ConfigType.String, null,
        "The cluster id. When unset, one is generated and stored with the data.",
        ConfigValidators.SingleToken());

    // ---- Listeners ----
    public static readonly ConfigDefinition Listeners = Define(
        "listeners", ConfigType.List, "PLAINTEXT://:9092",
        "Where to accept connections, as NAME://host:port entries. An empty host binds all interfaces; port 0 picks a free port.",
        ConfigValidators.All(ConfigValidators.NonEmptyList(), ListenerValidators.BindListeners()));

    public static readonly ConfigDefinition AdvertisedListeners = Define(
        "advertised.listeners", ConfigType.List, null,
        "Addresses given to clients. Defaults to listeners (less controller listeners), with an empty or wildcard host replaced by localhost.",
        ListenerValidators.AdvertisedListeners());

    public static readonly ConfigDefinition ListenerSecurityProtocolMap = Define(
        "listener.security.protocol.map", ConfigType.List, "PLAINTEXT:PLAINTEXT,SSL:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL",
        "The security protocol of each listener name, as NAME:PROTOCOL entries.",
        ListenerValidators.SecurityProtocolMap());

    public static readonly ConfigDefinition InterBrokerListenerName = Define(
        "inter.broker.listener.name", ConfigType.String, null,
        "The listener brokers use to talk to each other. Defaults to PLAINTEXT if advertised, else the first advertised listener.",
        ConfigValidators.SingleToken());

    public static readonly ConfigDefinition MetricsListener = Define(
        "metrics.listener", ConfigType.String, "",
        "The HTTP address, as http://host:port, serving /metrics (Prometheus text format, with Kafka's metric names), /health/live and /health/ready. Empty, the default, serves none; port 0 picks a free port.",
        MetricsListenerAddress.Validator());

    public static readonly ConfigDefinition ConsoleEnabled = Define(
        "console.enabled", ConfigType.Boolean, "false",
        "Whether the metrics listener also serves the web console at /console: brokers, topics, messages and consumer groups, with the same authorization as the Kafka API. Needs metrics.listener.");

    // ---- Network ----
    public static readonly ConfigDefinition SocketRequestMaxBytes = Define(
        "socket.request.max.bytes", ConfigType.Int, "104857600",
        "The largest request, in bytes, the broker reads from a socket.",
        ConfigValidators.AtLeast(1));

    public static readonly ConfigDefinition ConnectionsMaxIdleMs = Define(
        "connections.max.idle.ms", ConfigType.Long, "600000",
        "Close connections idle for longer than this many milliseconds; -1 never closes them.",
        ConfigValidators.AtLeast(-1));

    public static readonly ConfigDefinition MaxConnections = Define(
        "max.connections", ConfigType.Int, "2147483647",
        "The most client connections the broker keeps open; at the limit, new connections wait until one closes. The controller listener is not counted.",
        ConfigValidators.AtLeast(0));

    public static readonly ConfigDefinition MaxConnectionsPerIp = Define(
        "max.connections.per.ip", ConfigType.Int, "2147483647",
        "The most client connections from one address; a connection beyond it is closed at once.",
        ConfigValidators.AtLeast(0));

    public static readonly ConfigDefinition MaxConnectionsPerIpOverrides = Define(
        "max.connections.per.ip.overrides", ConfigType.String, "",
        "Per-address limits replacing max.connections.per.ip, as host:count,host:count; host names are resolved at startup.",
        ConfigValidators.ConnectionLimitOverrides());

    public static readonly ConfigDefinition MaxConnectionCreationRate = Define(
        "max.connection.creation.rate", ConfigType.Int, "2147483647",
        "The most new client connections per second; beyond it, accepting them is delayed.",
        ConfigValidators.AtLeast(0));

    // ---- Topics and messages ----
    public static readonly ConfigDefinition NumPartitions = Define(
        "num.partitions", ConfigType.Int, "1",
        "The number of partitions of an automatically created topic.",
        ConfigValidators.AtLeast(1));

    public static readonly ConfigDefinition DefaultReplicationFactor = Define(
        "default.replication.factor", ConfigType.Int, "1",
        "The replication factor of an automatically created topic.",
        ConfigValidators.AtLeast(1));

    public static readonly ConfigDefinition AutoCreateTopicsEnable = Define(
        "auto.create.topics.enable", ConfigType.Boolean, "true",
        "Create a topic when a client asks for metadata of, or produces to, a topic that does not exist.");

    // TLS: each also under listener.name.<listener>.ssl.…, read (and checked) where the listener is set up.
    public static readonly ConfigDefinition SslKeystoreLocation = Define(
        "ssl.keystore.location", ConfigType.String, null,
        "The keystore file SSL listeners present: JKS or PKCS12 (either type reads both), or with ssl.keystore.type=PEM a PEM file with the private key and certificate chain.");

    public static readonly ConfigDefinition SslKeystorePassword = Define(
        "ssl.keystore.password", ConfigType.String, null,
        "The password of a JKS or PKCS12 ssl.keystore.location.");

    public static readonly ConfigDefinition SslKeystoreType = Define(
        "ssl.keystore.type", ConfigType.String, "JKS",
        "The keystore format: JKS, PKCS12 (files of either are read by their content), JCEKS or PEM.");

    public static readonly ConfigDefinition SslKeyPassword = Define(
        "ssl.key.password", ConfigType.String, null,
        "The password of an encrypted PEM private key (ssl.keystore.location or ssl.keystore.key).");

    public static readonly ConfigDefinition SslKeystoreCertificateChain = Define(
        "ssl.keystore.certificate.chain", ConfigType.String, null,
        "With ssl.keystore.type=PEM and no location: the certificate chain in PEM, the listener's certificate first.");

    public static readonly ConfigDefinition SslKeystoreKey = Define(
        "ssl.keystore.key", ConfigType.String, null,
        "With ssl.keystore.type=PEM and no location: the private key in PEM (PKCS#8, encrypted when ssl.key.password is set).");

    public static readonly ConfigDefinition SslTruststoreType = Define(
        "ssl.truststore.type", ConfigType.String, "JKS",
        "The truststore format: JKS, PKCS12 (files of either are read by their content), JCEKS or PEM.");

    public static readonly ConfigDefinition SslTruststoreLocation = Define(
        "ssl.truststore.location", ConfigType.String, null,
        "The certificates client certificates must chain to; without one (or ssl.truststore.certificates) the system's.");

    public static readonly ConfigDefinition SslTruststorePassword = Define(
        "ssl.truststore.password", ConfigType.String, null,
        "The password of a JKS or PKCS12 ssl.truststore.location (without one a JKS file's integrity is not checked).");

    public static readonly ConfigDefinition SslTruststoreCertificates = Define(
        "ssl.truststore.certificates", ConfigType.String, null,
        "With ssl.truststore.type=PEM and no location: the trusted certificates in PEM.");

    public static readonly ConfigDefinition SslClientAuth = Define(
        "ssl.client.auth", ConfigType.String, "none",
        "Whether SSL listeners ask clients for a certificate: none, requested (a client may present none) or required.");

    public static readonly ConfigDefinition SslEnabledProtocols = Define(
        "ssl.enabled.protocols", ConfigType.List, "TLSv1.2,TLSv1.3",
        "The TLS versions SSL listeners accept: TLSv1.2 and/or TLSv1.3.");

    public static readonly ConfigDefinition SslCipherSuites = Define(
        "ssl.cipher.suites", ConfigType.List, "",
        "The cipher suites SSL listeners accept, by their standard names (TLS_AES_128_GCM_SHA256...); empty for the system's.");

    public static readonly ConfigDefinition SslPrincipalMappingRules = Define(
        "ssl.principal.mapping.rules", ConfigType.String, "DEFAULT",
        "How a client certificate's distinguished name becomes its principal name: RULE:pattern/replacement/[LU] and DEFAULT rules, the first that matches wins.");

    public static readonly ConfigDefinition SaslEnabledMechanisms = Define(
        "sasl.enabled.mechanisms", ConfigType.List, "GSSAPI",
        "The SASL mechanisms SASL listeners enable (listener.name.<listener>.sasl.enabled.mechanisms overrides it); KafkaNet serves PLAIN and OAUTHBEARER.");

    public static readonly ConfigDefinition ConnectionFailedAuthenticationDelayMs = Define(
        "connection.failed.authentication.delay.ms", ConfigType.Int, "100",
        "How long a connection whose authentication failed is held before its error response and close.",
        ConfigValidators.AtLeast(0));

    public static readonly ConfigDefinition SaslServerMaxReceiveSize = Define(
        "sasl.server.max.receive.size", ConfigType.Int, "524288",
        "The largest frame, in bytes, a SASL listener reads from a connection before it has authenticated; a larger one closes the connection.",
        ConfigValidators.AtLeast(1));

    public static readonly ConfigDefinition FetchZeroCopy = Define(
        "kafkanet.fetch.zero.copy", ConfigType.Boolean, "true",
        "KafkaNet: send fetched record data from the log files to plaintext sockets with sendfile; false copies it once through the connection's pipe, as under TLS.");

    public static readonly ConfigDefinition SocketInlineCompletions = Define(
        "kafkanet.socket.inline.completions", ConfigType.Boolean, "true",
        "KafkaNet: serve a socket's requests on the thread that saw it become readable, one such thread per core, instead of handing each to the thread pool. Saves two thread switches per request; false suits deployments whose disks stall writes for long.");

    public static readonly ConfigDefinition LogDurableAppends = Define(
        "kafkanet.log.durable.appends", ConfigType.Boolean, "false",
        "KafkaNet: fsync before acknowledging an append, with concurrent appends sharing one fsync. Kafka leaves flushing to the OS.");

    public static readonly ConfigDefinition MessageMaxBytes = Define(
        "message.max.bytes", ConfigType.Int, "1048588",
        "The largest record batch, in bytes, the broker accepts.",
        ConfigValidators.AtLeast(0));

    // ---- Log storage ----
    public static readonly ConfigDefinition LogDirs = Define(
        "log.dirs", ConfigType.List, "./data",
        "Comma-separated directories where data is kept (log.dir is accepted as an alias). KafkaNet defaults to ./data.",
        ConfigValidators.All(ConfigValidators.NonEmptyList(), ConfigValidators.NoDuplicates()), "log.dir");

    public static readonly ConfigDefinition LogSegmentBytes = Define(
        "log.segment.bytes", ConfigType.Int, "1073741824",
        "The size, in bytes, at which a log segment is closed and a new one started.",
        ConfigValidators.AtLeast(1024 * 1024));

    public static readonly ConfigDefinition LogRollMs = Define(
        "log.roll.ms", ConfigType.Long, null,
        "Start a new segment after this many milliseconds; overrides log.roll.hours.",
        ConfigValidators.AtLeast(1));

    public static readonly ConfigDefinition LogRollHours = Define(
        "log.roll.hours", ConfigType.Int, "168",
        "Start a new segment after this many hours.",
        ConfigValidators.AtLeast(1));

    public static readonly ConfigDefinition LogRetentionMs = Define(
        "log.retention.ms", ConfigType.Long, null,
        "Delete segments older than this many milliseconds; -1 keeps them forever. Overrides the minutes and hours settings.");

    public static readonly ConfigDefinition LogRetentionMinutes = Define(
        "log.retention.minutes", ConfigType.Int, null,
        "Delete segments older than this many minutes; overrides log.retention.hours.");

    public static readonly ConfigDefinition LogRetentionHours = Define(
        "log.retention.hours", ConfigType.Int, "168",
        "Delete segments older than this many hours.");

    public static readonly ConfigDefinition LogRetentionBytes = Define(
        "log.retention.bytes", ConfigType.Long, "-1",
        "Delete old segments once a partition is larger than this many bytes; -1 means no size limit.");

    public static readonly ConfigDefinition LogFlushIntervalMessages = Define(
        "log.flush.interval.messages", ConfigType.Long, "9223372036854775807",
        "Force data to disk after this many messages; by default the operating system decides.",
        ConfigValidators.AtLeast(1));

    public static readonly ConfigDefinition LogFlushIntervalMs = Define(
        "log.flush.interval.ms", ConfigType.Long, null,
        "Force data to disk when it has waited this many milliseconds; unset leaves it to the operating system.",
        ConfigValidators.AtLeast(0));

    // ---- Coordinators ----
    public static readonly ConfigDefinition OffsetsTopicNumPartitions = Define(
        "offsets.topic.num.partitions", ConfigType.Int, "50",
        "The number of partitions of the internal __consumer_offsets topic.",
        ConfigValidators.AtLeast(1));

    public static readonly ConfigDefinition GroupInitialRebalanceDelayMs = Define(
        "group.initial.rebalance.delay.ms", ConfigType.Int, "3000",
        "How long, in milliseconds, a new consumer group waits for more members before its first rebalance.",
        ConfigValidators.AtLeast(0));

    public static readonly ConfigDefinition OffsetsTopicReplicationFactor = Define(
        "offsets.topic.replication.factor", ConfigType.Int, "3",
        "Replicas of __consumer_offsets; a cluster with fewer brokers uses as many as it has.",
        ConfigValidators.AtLeast(1));

    public static readonly ConfigDefinition OffsetsTopicSegmentBytes = Define(
        "offsets.topic.segment.bytes", ConfigType.Int, "104857600",
        "The segment size of __consumer_offsets, kept small so compaction keeps the topic small.",
        ConfigValidators.AtLeast(1));

    public static readonly ConfigDefinition OffsetsTopicCompressionCodec = Define(
        "offsets.topic.compression.codec", ConfigType.Int, "0",
        "The codec of records written to __consumer_offsets: 0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd.",
        ConfigValidators.All(ConfigValidators.AtLeast(0), ConfigValidators.AtMost(4)));

    public static readonly ConfigDefinition OffsetsRetentionMinutes = Define(
        "offsets.retention.minutes", ConfigType.Int, "10080",
        "Committed offsets of a group that has no members expire after this many minutes.",
        ConfigValidators.AtLeast(1));

    public static readonly ConfigDefinition OffsetsRetentionCheckIntervalMs = Define(
        "offsets.retention.check.interval.ms", ConfigType.Long, "600000",
        "How often, in milliseconds, expired offsets are looked for.",
        ConfigValidators.AtLeast(1));

    public static readonly ConfigDefinition OffsetMetadataMaxBytes = Define(
        "offset.metadata.max.bytes", ConfigType.Int, "4096",
        "The longest metadata string an offset commit may carry.",
        ConfigValidators.AtLeast(0));

    public static readonly ConfigDefinition GroupMinSessionTimeoutMs = Define(
        "group.min.session.timeout.ms", ConfigType.Int, "6000",
        "The shortest session timeout, in milliseconds, a classic group member may ask for.",
        ConfigValidators.AtLeast(0));

    public static readonly ConfigDefinition GroupMaxSessionTimeoutMs = Define(
        "group.max.session.timeout.ms", ConfigType.Int, "1800000",
        "The longest session timeout, in milliseconds, a classic group member may ask for.",
        ConfigValidators.AtLeast(0));

    public static readonly ConfigDefinition GroupMaxSize = Define(
        "group.max.size", ConfigType.Int, "2147483647",
        "The most members one classic group may have.",
        ConfigValidators.AtLeast(1));

    public static readonly ConfigDefinition GroupCoordinatorRebalanceProtocols = Define(
        "group.coordinator.rebalance.protocols", ConfigType.List, "classic,consumer",
        "The group protocols served: classic (JoinGroup) and consumer (KIP-848 ConsumerGroupHeartbeat).",
        ConfigValidators.All(ConfigValidators.NonEmptyList(), ConfigValidators.ItemsIn("classic", "consumer"), ConfigValidators.NoDuplicates()));

    public static readonly ConfigDefinition GroupConsumerSessionTimeoutMs = Define(
        "group.consumer.session.timeout.ms", ConfigType.Int, "45000",
        "A consumer-protocol member is fenced after this many milliseconds without a heartbeat.",
        ConfigValidators.AtLeast(1));

    public static readonly ConfigDefinition GroupConsumerMinSessionTimeoutMs = Define(
        "group.consumer.min.session.timeout.ms", ConfigType.Int, "45000",
        "The shortest session timeout a consumer-protocol group may be configured with.",
        ConfigValidators.AtLeast(1));

    public static readonly ConfigDefinition GroupConsumerMaxSessionTimeoutMs = Define(
        "group.consumer.max.session.timeout.ms", ConfigType.Int, "60000",
        "The longest session timeout a consumer-protocol group may be configured with.",
        ConfigValidators.AtLeast(1));

    public static readonly ConfigDefinition GroupConsumerHeartbeatIntervalMs = Define(
        "group.consumer.heartbeat.interval.ms", ConfigType.Int, "5000",
        "How often, in milliseconds, consumer-protocol members are told to heartbeat.",
        ConfigValidators.AtLeast(1));

    public static readonly ConfigDefinition GroupConsumerMinHeartbeatIntervalMs = Define(
        "group.consumer.min.heartbeat.interval.ms", ConfigType.Int, "5000",
        "The shortest heartbeat interval a consumer-protocol group may be configured with.",
        ConfigValidators.AtLeast(1));

    public static readonly ConfigDefinition GroupConsumerMaxHeartbeatIntervalMs = Define(
        "group.consumer.max.heartbeat.interval.ms", ConfigType.Int, "15000",
        "The longest heartbeat interval a consumer-protocol group may be configured with.",
        ConfigValidators.AtLeast(1));

    public static readonly ConfigDefinition GroupConsumerMaxSize = Define(
        "group.consumer.max.size", ConfigType.Int, "2147483647",
        "The most members one consumer-protocol group may have.",
        ConfigValidators.AtLeast(1));

    public static readonly ConfigDefinition GroupConsumerAssignors = Define(
        "group.consumer.assignors", ConfigType.List, "uniform,range",
        "Server-side assignors of consumer-protocol groups; the first is the default.",
        ConfigValidators.All(ConfigValidators.NonEmptyList(), ConfigValidators.ItemsIn("uniform", "range"), ConfigValidators.NoDuplicates()));

    public static readonly ConfigDefinition GroupConsumerMigrationPolicy = Define(
        "group.consumer.migration.policy", ConfigType.String, "bidirectional",
        "Whether groups may move between the classic and consumer protocols: bidirectional, upgrade, downgrade or disabled.",
        value => value is string text && text.ToLowerInvariant() is not ("bidirectional" or "upgrade" or "downgrade" or "disabled")
            ? "Must be one of bidirectional, upgrade, downgrade, disabled" : null);

    // ---- Transactions and idempotent producers ----
    public static readonly ConfigDefinition TransactionMaxTimeoutMs = Define(
        "transaction.max.timeout.ms", ConfigType.Int, "900000",
        "The longest transaction timeout, in milliseconds, a producer may ask for.",
        ConfigValidators.AtLeast(1));

    public static readonly ConfigDefinition TransactionStateLogNumPartitions = Define(
        "transaction.state.log.num.partitions", ConfigType.Int, "50",
        "The number of partitions of the internal __transaction_state topic (do not change it once the topic exists).",
        ConfigValidators.AtLeast(1));

    public static readonly ConfigDefinition TransactionStateLogReplicationFactor = Define(
        "transaction.state.log.replication.factor", ConfigType.Int, "3",
        "Replicas of __transaction_state; a cluster with fewer brokers uses as many as it has.",
        ConfigValidators.All(ConfigValidators.AtLeast(1), ConfigValidators.AtMost(short.MaxValue)));

    public static readonly ConfigDefinition TransactionStateLogMinIsr = Define(
        "transaction.state.log.min.isr", ConfigType.Int, "2",
        "min.insync.replicas of __transaction_state, at most its replication factor.",
        ConfigValidators.AtLeast(1));

    public static readonly ConfigDefinition TransactionStateLogSegmentBytes = Define(
        "transaction.state.log.segment.bytes", ConfigType.Int, "104857600",
        "The segment size of __transaction_state, kept small so compaction keeps the topic small.",
        ConfigValidators.AtLeast(1));

    public static readonly ConfigDefinition TransactionalIdExpirationMs = Define(
        "transactional.id.expiration.ms", ConfigType.Int, "604800000",
        "A transactional id with no open transaction and no update for this many milliseconds is removed.",
        ConfigValidators.AtLeast(1));

    public static readonly ConfigDefinition TransactionAbortTimedOutTransactionCleanupIntervalMs = Define(
        "transaction.abort.timed.out.transaction.cleanup.interval.ms", ConfigType.Int, "10000",
        "How often, in milliseconds, transactions older than their timeout are aborted and their producers fenced.",
        ConfigValidators.AtLeast(1));

    public static readonly ConfigDefinition TransactionRemoveExpiredTransactionCleanupIntervalMs = Define(
        "transaction.remove.expired.transaction.cleanup.interval.ms", ConfigType.Int, "3600000",
        "How often, in milliseconds, expired transactional ids are removed.",
        ConfigValidators.AtLeast(1));

    public static readonly ConfigDefinition TransactionPartitionVerificationEnable = Define(
        "transaction.partition.verification.enable", ConfigType.Boolean, "true",
        "Refuse transactional records for a partition that was not added to the producer's transaction.");

    public static readonly ConfigDefinition ProducerIdExpirationMs = Define(
        "producer.id.expiration.ms", ConfigType.Int, "86400000",
        "A partition forgets a producer id that has written nothing for this many milliseconds (never during its open transaction).",
        ConfigValidators.AtLeast(1));

    public static readonly ConfigDefinition ProducerIdExpirationCheckIntervalMs = Define(
        "producer.id.expiration.check.interval.ms", ConfigType.Int, "600000",
        "How often, in milliseconds, expired producer ids are looked for.",
        ConfigValidators.AtLeast(1));

    /// <summary>Every row, in the order they are documented.</summary>
    public static IReadOnlyList<ConfigDefinition> All => Rows;

    private static List<ConfigDefinition> Rows => rows ??= [];

    /// <summary>The row for a property name or alias, or null for a property KafkaNet does not know.</summary>
    public static ConfigDefinition? Find(string propertyName) => Rows.Find(row => row.Matches(propertyName));

    private static ConfigDefinition Define(
        string name, ConfigType type, string? defaultValue, string documentation, ConfigValidator? validator = null, params string[] aliases)
    {
        var row = new ConfigDefinition(name, type, defaultValue, documentation, validator, aliases);
        Rows.Add(row);
        return row;
    }
}
