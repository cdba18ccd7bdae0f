using KafkaNet.Broker.Configs;
using KafkaNet.Broker.Fetch;
using KafkaNet.Storage;

namespace KafkaNet.Broker.Storage;

/// <summary>
/// The partitions this broker leads and their logs. Every log's high watermark follows its log end until the
/// replication state of a partition with followers says otherwise (a single node never does). Implements the
/// storage port of topic administration and tells waiting fetches when a partition grows.
/// </summary>
public sealed class ReplicaManager : IPartitionStorage, IDisposable
{
    private readonly LogManager _logs;
    private readonly TopicConfigResolver _resolver;
    private readonly bool _durable;
    private readonly Timer _maintenance;

    public ReplicaManager(string logDir, TopicConfigResolver resolver, bool durable, TimeSpan maintenanceInterval)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        _resolver = resolver;
        _durable = durable;
        _logs = LogManager.Open(logDir, _ => new LogConfig { Durable = durable });
        foreach (PartitionLog log in _logs.Logs.Values)
        {
            log.HighWatermarkFollowsLogEnd = true;
        }
        _maintenance = new Timer(_ => RunMaintenance(), null, maintenanceInterval, maintenanceInterval);
    }

    /// <summary>producer.id.expiration.ms, applied to every partition's producer state by maintenance.</summary>
    public long ProducerIdExpirationMs { get; init; } = 86400000;

    /// <summary>The log of a partition, or null when this broker has none.</summary>
    public PartitionLog? Find(string topic, int partition) =>
        _logs.Logs.GetValueOrDefault(new TopicPartition(topic, partition));

    /// <summary>Every partition log this broker has, by partition.</summary>
    public IReadOnlyDictionary<TopicPartition, PartitionLog> Logs => _logs.Logs;

    /// <summary>The leader side of replication, once the broker has created it; null in storage-only uses.</summary>
    public Replication.LeaderReplication? Replication { get; internal set; }

    /// <summary>Long-polling consumer fetches, woken when a partition's high watermark moves.</summary>
    internal PartitionWatchers FetchWatchers { get; } = new();

    /// <summary>Long-polling follower fetches, woken by appends (they read up to the log end).</summary>
    internal PartitionWatchers ReplicaFetchWatchers { get; } = new();

    /// <summary>The deadlines of long-polling fetches, under one timer.</summary>
    internal FetchDeadlines FetchDeadlines { get; } = new();

    /// <summary>Called after an append so fetches waiting on the partition wake up.</summary>
    public void NotifyAppended(string topic, int partition) => NotifyAppended(topic, partition, Find(topic, partition));

    /// <summary>
    /// Called after an append to <paramref name="log"/>: followers wake; consumers too when the high watermark moved
    /// with the log end (the partition's in-sync replicas are this node alone).
    /// </summary>
    public void NotifyAppended(string topic, int partition, PartitionLog? log)
    {
        var tp = new TopicPartition(topic, partition);
        ReplicaFetchWatchers.Wake(tp);
        if (log is null || log.HighWatermarkFollowsLogEnd)
        {
            FetchWatchers.Wake(tp);
        }
    }

    /// <summary>The log grew without a produce request (a coordinator's write): followers waiting on it wake.</summary>
    public void WakeFollowers(TopicPartition partition) => ReplicaFetchWatchers.Wake(partition);

    /// <summary>Called when a partition's high watermark moved without an append (a follower fetched): consumers wake.</summary>
    public void NotifyHighWatermark(TopicPartition partition) => FetchWatchers.Wake(partition);

    /// <summary>Applies topic configs to logs opened from disk before the topics were known.</summary>
    public void Reconcile(IEnumerable<(string Topic, int Partitions, IReadOnlyDictionary<string, string> Overrides)> topics)
    {
        ArgumentNullException.ThrowIfNull(topics);
        var known = new HashSet<TopicPartition>();
        foreach (var (topic, partitions, overrides) in topics)
        {
            var config = LogConfigMapper.Map(_resolver, overrides, _durable);
            for (int p = 0; p < partitions; p++)
            {
                var tp = new TopicPartition(topic, p);
                known.Add(tp);
                var log = _logs.GetOrCreateLog(tp);
                log.UpdateConfig(config);
                log.HighWatermarkFollowsLogEnd = true;
            }
        }
        RemoveLogsExcept(known);
    }

    /// <summary>
    /// Deletes the logs on disk that are not in <paramref name="keep"/>: partitions of topics deleted, or replicas
    /// moved away, while the broker was down. In a cluster this runs only once the broker caught up with the
    /// metadata log; before that, an unknown log may simply not be replayed yet.
    /// </summary>
    public void RemoveLogsExcept(IReadOnlySet<TopicPartition> keep)
    {
        ArgumentNullException.ThrowIfNull(keep);
        foreach (var tp in _logs.Logs.Keys.Where(tp => !keep.Contains(tp)).ToList())
        {
            _logs.DeleteLog(tp);
            FetchWatchers.Remove(tp);
            ReplicaFetchWatchers.Remove(tp);
        }
    }

    public void CreatePartition(string topic, Guid topicId, int partition, IReadOnlyDictionary<string, string> configOverrides)
    {
        var log = _logs.GetOrCreateLog(new TopicPartition(topic, partition));
        PartitionTopicId.WriteIfAbsent(log.Directory, topicId, _durable);
        log.UpdateConfig(LogConfigMapper.Map(_resolver, configOverrides, _durable));
        if (Replication?.Find(topic, partition) is null)
        {
            log.HighWatermarkFollowsLogEnd = true;
        }
    }

    public void DeletePartition(string topic, Guid topicId, int partition)
    {
        var tp = new TopicPartition(topic, partition);
        if (PartitionTopicId.BelongsToAnother(Path.Combine(_logs.LogDir, tp.DirectoryName), topicId))
        {
            return; // a later topic of the same name owns the directory now (the metadata log is being replayed)
        }
        _logs.DeleteLog(tp);
        FetchWatchers.Remove(tp);
        ReplicaFetchWatchers.Remove(tp);
    }

    public void UpdateConfig(string topic, Guid topicId, IReadOnlyDictionary<string, string> configOverrides)
    {
        var config = LogConfigMapper.Map(_resolver, configOverrides, _durable);
        foreach (var (tp, log) in _logs.Logs)
        {
            if (tp.Topic == topic)
            {
                log.UpdateConfig(config);
            }
        }
    }

    /// <summary>Writes the recovery-point and log-start-offset checkpoints now (after DeleteRecords moved a log start).</summary>
    public void Checkpoint() => _logs.Checkpoint();

    /// <summary>
    /// Retention, compaction, time-based flushes, checkpoints and producer id expiry, as Kafka's scheduler runs them.
    /// </summary>
    public void RunMaintenance()
    {
        try
        {
            _logs.RunMaintenance();
            foreach (PartitionLog log in _logs.Logs.Values)
            {
                log.RemoveExpiredProducers(ProducerIdExpirationMs);
            }
        }
        catch (ObjectDisposedException)
        {
            // Shutting down.
        }
    }

    /// <summary>Closes every log and leaves the clean-shutdown marker.</summary>
    public void Dispose()
    {
        _maintenance.Dispose();
        Replication?.Dispose();
        FetchDeadlines.Dispose();
        _logs.Dispose();
    }
}
