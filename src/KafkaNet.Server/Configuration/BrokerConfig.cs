using System.Globalization;
using KafkaNet.Broker;
using Defs = KafkaNet.Server.Configuration.BrokerConfigDefinitions;

namespace KafkaNet.Server.Configuration;

/// <summary>
/// The broker's validated configuration, with typed values. Build one with
/// <see cref="ServerConfigurationLoader"/>; every property defined in <see cref="BrokerConfigDefinitions"/>
/// can also be read by name through <see cref="GetValue"/>.
/// </summary>
public sealed class BrokerConfig
{
    private const long MillisPerMinute = 60_000;
    private const long MillisPerHour = 60 * MillisPerMinute;

    private readonly ConfigValues _values;

    /// <exception cref="ConfigException">The values do not fit together.</exception>
    internal BrokerConfig(ConfigValues values)
    {
        _values = values;
        var listenersText = string.Join(',', values.GetList(Defs.Listeners));

        NodeId = values.GetInt(Defs.NodeId);
        ProcessRoles = values.GetList(Defs.ProcessRoles);
        ControllerQuorumVoters = values.GetList(Defs.ControllerQuorumVoters);
        ControllerListenerNames = [.. values.GetList(Defs.ControllerListenerNames).Select(n => n.ToUpperInvariant())];
        ClusterId = values.GetOptionalString(Defs.ClusterId);

        Listeners = ListenerResolver.ParseEndpoints(values.GetList(Defs.Listeners));
        ListenerSecurityProtocolMap = ListenerResolver.ParseProtocolMap(values.GetList(Defs.ListenerSecurityProtocolMap));
        ListenerResolver.CheckProtocols(Listeners, ListenerSecurityProtocolMap, listenersText);
        if (IsBroker)
        {
            AdvertisedListeners = ListenerResolver.Advertised(
                Listeners, values.GetOptionalList(Defs.AdvertisedListeners), ControllerListenerNames, listenersText);
            InterBrokerListenerName = ListenerResolver.InterBrokerListenerName(
                InterBrokerListenerSetting.Configured(values, AdvertisedListeners), AdvertisedListeners);
        }
        else
        {
            // A controller alone serves no clients: it advertises nothing to them (and binds controller listeners only, checked below).
            AdvertisedListeners = [];
            InterBrokerListenerName = values.GetOptionalString(Defs.InterBrokerListenerName)?.ToUpperInvariant() ?? "PLAINTEXT";
        }

        MetricsListener = MetricsListenerAddress.Parse(values.GetOptionalString(Defs.MetricsListener), out _);
        ConsoleEnabled = values.GetBoolean(Defs.ConsoleEnabled);
        if (ConsoleEnabled && MetricsListener is null)
        {
            // The console is served on the metrics listener; enabling it without one would serve nothing, silently.
            throw new ConfigException(Defs.ConsoleEnabled.Name, "true", "The web console is served on the metrics listener: set metrics.listener too");
        }
        SocketRequestMaxBytes = values.GetInt(Defs.SocketRequestMaxBytes);
        ConnectionsMaxIdleMs = values.GetLong(Defs.ConnectionsMaxIdleMs);
        if (values.GetInt(Defs.MaxConnectionsPerIp) == 0 && string.IsNullOrWhiteSpace((string?)values[Defs.MaxConnectionsPerIpOverrides]))
        {
            // As Kafka: zero is an allow-list, which only makes sense with the addresses it allows.
            throw new ConfigException(Defs.MaxConnectionsPerIp.Name, "0", "max.connections.per.ip can be set to zero only if max.connections.per.ip.overrides is set");
        }
        NumPartitions = values.GetInt(Defs.NumPartitions);
        DefaultReplicationFactor = values.GetInt(Defs.DefaultReplicationFactor);
        AutoCreateTopicsEnable = values.GetBoolean(Defs.AutoCreateTopicsEnable);
        FetchZeroCopy = values.GetBoolean(Defs.FetchZeroCopy);
        SocketInlineCompletions = values.GetBoolean(Defs.SocketInlineCompletions);
        SslKeystoreLocation = values.GetOptionalString(Defs.SslKeystoreLocation);
        SaslEnabledMechanisms = values.GetList(Defs.SaslEnabledMechanisms);
        ConnectionFailedAuthenticationDelayMs = values.GetInt(Defs.ConnectionFailedAuthenticationDelayMs);
        SaslServerMaxReceiveSize = values.GetInt(Defs.SaslServerMaxReceiveSize);
        SslKeystorePassword = values.GetOptionalString(Defs.SslKeystorePassword);
        LogDurableAppends = values.GetBoolean(Defs.LogDurableAppends);
        MessageMaxBytes = values.GetInt(Defs.MessageMaxBytes);

        LogDirs = values.GetList(Defs.LogDirs);
        LogSegmentBytes = values.GetInt(Defs.LogSegmentBytes);
        LogRollMs = values.GetOptionalLong(Defs.LogRollMs) ?? values.GetInt(Defs.LogRollHours) * MillisPerHour;
        LogRetentionMs = ResolveRetentionMs(values);
        LogRetentionBytes = values.GetLong(Defs.LogRetentionBytes);
        LogFlushIntervalMessages = values.GetLong(Defs.LogFlushIntervalMessages);
        LogFlushIntervalMs = values.GetOptionalLong(Defs.LogFlushIntervalMs) ?? long.MaxValue;

        OffsetsTopicNumPartitions = values.GetInt(Defs.OffsetsTopicNumPartitions);
        GroupInitialRebalanceDelayMs = values.GetInt(Defs.GroupInitialRebalanceDelayMs);
        TransactionMaxTimeoutMs = values.GetInt(Defs.TransactionMaxTimeoutMs);
        GroupSettings.CheckConsumerGroupTimeouts(values);
        Cluster = ClusterSettingsResolver.Resolve(values, Listeners, ControllerListenerNames, InterBrokerListenerName);
        if (!IsBroker)
        {
            ListenerResolver.CheckControllerOnly(Listeners, ControllerListenerNames, listenersText);
        }
    }

    /// <summary>The KRaft roles, quorum and replication settings, validated as Kafka does at startup.</summary>
    public ClusterSettings Cluster { get; }

    /// <summary>node.id (or broker.id).</summary>
    public int NodeId { get; }

    /// <summary>process.roles: "broker" and/or "controller".</summary>
    public IReadOnlyList<string> ProcessRoles { get; }

    /// <summary>Every property as written in the file after --override, including those KafkaNet only reports.</summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>controller.quorum.voters as written (id@host:port); <see cref="Cluster"/> has them parsed.</summary>
    public IReadOnlyList<string> ControllerQuorumVoters { get; }

    /// <summary>controller.listener.names, upper-case.</summary>
    public IReadOnlyList<string> ControllerListenerNames { get; }

    /// <summary>cluster.id, or null when it is to be generated.</summary>
    public string? ClusterId { get; }

    /// <summary>listeners: every endpoint to bind, including controller listeners.</summary>
    public IReadOnlyList<ListenerEndpoint> Listeners { get; }

    /// <summary>The listeners that serve clients: <see cref="Listeners"/> less the controller listeners.</summary>
    public IReadOnlyList<ListenerEndpoint> BrokerListeners =>
        [.. Listeners.Where(l => !ControllerListenerNames.Contains(l.Name))];

    /// <summary>
    /// advertised.listeners, never empty on a node with the broker role (empty on a controller alone), hosts never empty. Port 0 (derived from an ephemeral listener)
    /// means "the port the listener was actually bound to", which the host substitutes once bound.
    /// </summary>
    public IReadOnlyList<ListenerEndpoint> AdvertisedListeners { get; }

    /// <summary>listener.security.protocol.map, keyed by upper-case listener name.</summary>
    public IReadOnlyDictionary<string, SecurityProtocol> ListenerSecurityProtocolMap { get; }

    /// <summary>inter.broker.listener.name, resolved to an advertised listener.</summary>
    public string InterBrokerListenerName { get; }

    /// <summary>socket.request.max.bytes.</summary>
    public int SocketRequestMaxBytes { get; }

    /// <summary>metrics.listener; null serves no metrics listener.</summary>
    public Uri? MetricsListener { get; }

    /// <summary>console.enabled: the web console on the metrics listener.</summary>
    public bool ConsoleEnabled { get; }

    /// <summary>connections.max.idle.ms; negative disables idle disconnects.</summary>
    public long ConnectionsMaxIdleMs { get; }

    /// <summary>num.partitions.</summary>
    public int NumPartitions { get; }

    /// <summary>default.replication.factor.</summary>
    public int DefaultReplicationFactor { get; }

    /// <summary>auto.create.topics.enable.</summary>
    public bool AutoCreateTopicsEnable { get; }

    /// <summary>ssl.keystore.location as written broker-wide; each listener reads its TLS settings with TlsListenerConfig.</summary>
    public string? SslKeystoreLocation { get; }

    /// <summary>ssl.keystore.password.</summary>
    public string? SslKeystorePassword { get; }

    /// <summary>sasl.enabled.mechanisms, as written (the default for listeners without their own).</summary>
    public IReadOnlyList<string> SaslEnabledMechanisms { get; }

    /// <summary>connection.failed.authentication.delay.ms.</summary>
    public int ConnectionFailedAuthenticationDelayMs { get; }

    /// <summary>sasl.server.max.receive.size.</summary>
    public int SaslServerMaxReceiveSize { get; }

    /// <summary>kafkanet.fetch.zero.copy.</summary>
    public bool FetchZeroCopy { get; }

    /// <summary>kafkanet.socket.inline.completions.</summary>
    public bool SocketInlineCompletions { get; }

    /// <summary>kafkanet.log.durable.appends.</summary>
    public bool LogDurableAppends { get; }

    /// <summary>message.max.bytes.</summary>
    public int MessageMaxBytes { get; }

    /// <summary>log.dirs (or log.dir), as written; relative paths are relative to the working directory.</summary>
    public IReadOnlyList<string> LogDirs { get; }

    /// <summary>log.segment.bytes.</summary>
    public int LogSegmentBytes { get; }

    /// <summary>log.roll.ms, else log.roll.hours in milliseconds.</summary>
    public long LogRollMs { get; }

    /// <summary>log.retention.ms, else minutes, else hours, in milliseconds; -1 means unlimited.</summary>
    public long LogRetentionMs { get; }

    /// <summary>log.retention.bytes; -1 means unlimited.</summary>
    public long LogRetentionBytes { get; }

    /// <summary>log.flush.interval.messages.</summary>
    public long LogFlushIntervalMessages { get; }

    /// <summary>log.flush.interval.ms; <see cref="long.MaxValue"/> when unset (never forced by time).</summary>
    public long LogFlushIntervalMs { get; }

    /// <summary>offsets.topic.num.partitions.</summary>
    public int OffsetsTopicNumPartitions { get; }

    /// <summary>group.initial.rebalance.delay.ms.</summary>
    public int GroupInitialRebalanceDelayMs { get; }

    /// <summary>transaction.max.timeout.ms.</summary>
    public int TransactionMaxTimeoutMs { get; }

    /// <summary>True when process.roles includes the broker role.</summary>
    public bool IsBroker => ProcessRoles.Contains("broker");

    /// <summary>True when process.roles includes the controller role.</summary>
    public bool IsController => ProcessRoles.Contains("controller");

    /// <summary>The security protocol of a listener.</summary>
    /// <exception cref="KeyNotFoundException">No such listener name is mapped.</exception>
    public SecurityProtocol GetSecurityProtocol(ListenerEndpoint listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        return ListenerSecurityProtocolMap[listener.Name];
    }

    /// <summary>
    /// The parsed value of any property in <see cref="BrokerConfigDefinitions"/>, by name or alias: an int, long,
    /// bool, string or list of strings, or null for an unset optional property.
    /// </summary>
    /// <exception cref="ArgumentException">KafkaNet does not define the property.</exception>
    public object? GetValue(string propertyName)
    {
        ArgumentNullException.ThrowIfNull(propertyName);
        var row = Defs.Find(propertyName)
            ?? throw new ArgumentException($"Unknown property {propertyName}.", nameof(propertyName));
        return _values[row];
    }

    // Kafka's precedence: log.retention.ms, then minutes, then hours; any negative result means unlimited.
    private static long ResolveRetentionMs(ConfigValues values)
    {
        var (source, millis) = values.GetOptionalLong(Defs.LogRetentionMs) is { } ms ? (Defs.LogRetentionMs, ms)
            : values.GetOptionalInt(Defs.LogRetentionMinutes) is { } minutes ? (Defs.LogRetentionMinutes, minutes * MillisPerMinute)
            : (Defs.LogRetentionHours, values.GetInt(Defs.LogRetentionHours) * MillisPerHour);
        if (millis == 0)
        {
            throw new ConfigException(source.Name, "0", "Retention must be -1 (unlimited) or a positive time");
        }

        return millis < 0 ? -1 : millis;
    }
}
