using System.Collections.Concurrent;

namespace KafkaNet.Storage;

/// <summary>
/// One log dir: opens every partition log in it, keeps Kafka's recovery-point, log-start-offset and replication
/// (high watermark) checkpoint files, and the clean shutdown marker. With the marker present at startup no segment is rescanned; without it, every
/// partition is recovered from its checkpointed recovery point.
/// </summary>
public sealed class LogManager : IDisposable
{
    private readonly ConcurrentDictionary<TopicPartition, PartitionLog> _logs = new();
    private readonly Func<TopicPartition, LogConfig> _configFor;
    private readonly TimeProvider _time;
    private readonly Lock _checkpointLock = new();
    private bool _closed;

    private LogManager(string logDir, Func<TopicPartition, LogConfig> configFor, TimeProvider time, bool hadCleanShutdown)
    {
        LogDir = logDir;
        _configFor = configFor;
        _time = time;
        HadCleanShutdown = hadCleanShutdown;
    }

    public string LogDir { get; }

    /// <summary>True when the previous run closed the log dir cleanly, so recovery was skipped.</summary>
    public bool HadCleanShutdown { get; }

    public IReadOnlyDictionary<TopicPartition, PartitionLog> Logs => _logs;

    /// <summary>Opens <paramref name="logDir"/> and every <c>topic-partition</c> directory in it.</summary>
    public static LogManager Open(string logDir, Func<TopicPartition, LogConfig>? configFor = null, TimeProvider? time = null)
    {
        Directory.CreateDirectory(logDir);
        string marker = Path.Combine(logDir, LogFileNames.CleanShutdownFile);
        bool clean = File.Exists(marker);
        Dictionary<TopicPartition, long> recoveryPoints = OffsetCheckpointFile.Read(Path.Combine(logDir, LogFileNames.RecoveryPointCheckpointFile));
        Dictionary<TopicPartition, long> startOffsets = OffsetCheckpointFile.Read(Path.Combine(logDir, LogFileNames.LogStartOffsetCheckpointFile));
        Dictionary<TopicPartition, long> highWatermarks = OffsetCheckpointFile.Read(Path.Combine(logDir, LogFileNames.ReplicationOffsetCheckpointFile));
        var manager = new LogManager(logDir, configFor ?? (_ => new LogConfig()), time ?? TimeProvider.System, clean);
        try
        {
            foreach (string dir in Directory.EnumerateDirectories(logDir))
            {
                if (!TopicPartition.TryParseDirectoryName(Path.GetFileName(dir), out TopicPartition tp)
                    || tp.Topic == LogFileNames.ClusterMetadataTopic)
                {
                    // Not a partition log: the metadata quorum keeps its own log in __cluster_metadata-0, as Kafka does.
                    continue;
                }

                long recoveryPoint = clean ? long.MaxValue : recoveryPoints.GetValueOrDefault(tp);
                PartitionLog log = PartitionLog.Open(dir, manager._configFor(tp), recoveryPoint, startOffsets.GetValueOrDefault(tp), manager._time);
                manager._logs[tp] = log;
                if (highWatermarks.TryGetValue(tp, out long highWatermark))
                {
                    // A log from before high watermarks were kept starts with its whole content acknowledged.
                    log.RestoreHighWatermark(highWatermark);
                }
            }
        }
        catch
        {
            // No clean shutdown marker: whatever was opened is closed as it is.
            manager.CloseLogs();
            throw;
        }

        // Until the next clean close, a crash must make the next start recover.
        File.Delete(marker);
        manager.Checkpoint();
        return manager;
    }

    /// <summary>The log of <paramref name="tp"/>, created empty if it does not exist.</summary>
    public PartitionLog GetOrCreateLog(TopicPartition tp) =>
        _logs.GetOrAdd(tp, key => PartitionLog.Open(Path.Combine(LogDir, key.DirectoryName), _configFor(key), 0, 0, _time));

    /// <summary>Closes and removes the log of <paramref name="tp"/>; false when there was none.</summary>
    public bool DeleteLog(TopicPartition tp)
    {
        if (!_logs.TryRemove(tp, out PartitionLog? log))
        {
            string orphan = Path.Combine(LogDir, tp.DirectoryName);
            if (Directory.Exists(orphan))
            {
                Directory.Delete(orphan, recursive: true);
            }
            return false;
        }

        log.Close();
        Directory.Delete(log.Directory, recursive: true);
        Checkpoint();
        return true;
    }

    /// <summary>
    /// Truncates the log of <paramref name="tp"/> at <paramref name="offset"/> (<see cref="PartitionLog.TruncateTo"/>)
    /// and writes the checkpoints, so a recovery point from before the cut never vouches for what is appended after it.
    /// </summary>
    public void TruncateTo(TopicPartition tp, long offset)
    {
        _logs[tp].TruncateTo(offset);
        Checkpoint();
    }

    /// <summary>
    /// Empties the log of <paramref name="tp"/> to restart at <paramref name="offset"/>
    /// (<see cref="PartitionLog.TruncateFullyAndStartAt"/>) and writes the checkpoints, so a restart keeps that start.
    /// </summary>
    public void TruncateFullyAndStartAt(TopicPartition tp, long offset)
    {
        _logs[tp].TruncateFullyAndStartAt(offset);
        Checkpoint();
    }

    /// <summary>Writes the recovery-point, log-start-offset and replication (high watermark) checkpoint files.</summary>
    public void Checkpoint()
    {
        lock (_checkpointLock)
        {
            var recoveryPoints = new Dictionary<TopicPartition, long>();
            var startOffsets = new Dictionary<TopicPartition, long>();
            var highWatermarks = new Dictionary<TopicPartition, long>();
            foreach (KeyValuePair<TopicPartition, PartitionLog> entry in _logs)
            {
                recoveryPoints[entry.Key] = entry.Value.RecoveryPoint;
                startOffsets[entry.Key] = entry.Value.LogStartOffset;
                highWatermarks[entry.Key] = entry.Value.HighWatermark;
            }

            OffsetCheckpointFile.Write(Path.Combine(LogDir, LogFileNames.RecoveryPointCheckpointFile), recoveryPoints);
            OffsetCheckpointFile.Write(Path.Combine(LogDir, LogFileNames.LogStartOffsetCheckpointFile), startOffsets);
            OffsetCheckpointFile.Write(Path.Combine(LogDir, LogFileNames.ReplicationOffsetCheckpointFile), highWatermarks);
        }
    }

    /// <summary>One pass of the background work Kafka schedules: flush.ms, retention, checkpoints.</summary>
    public void RunMaintenance()
    {
        foreach (PartitionLog log in _logs.Values)
        {
            log.MaybeFlush();
            log.Compact();
            log.DeleteOldSegments();
        }

        Checkpoint();
    }

    private void CloseLogs()
    {
        _closed = true;
        foreach (PartitionLog log in _logs.Values)
        {
            log.Close();
        }
    }

    /// <summary>Flushes and closes every log, writes the checkpoints, then the clean shutdown marker.</summary>
    public void Dispose()
    {
        if (_closed)
        {
            return;
        }

        CloseLogs();
        Checkpoint();
        File.WriteAllBytes(Path.Combine(LogDir, LogFileNames.CleanShutdownFile), []);
    }
}
