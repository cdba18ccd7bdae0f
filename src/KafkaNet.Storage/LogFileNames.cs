using System.Globalization;

namespace KafkaNet.Storage;

/// <summary>File names inside a partition directory: the segment's base offset as 20 zero-padded digits.</summary>
public static class LogFileNames
{
    /// <summary>The metadata quorum's log directory name is this topic's partition 0; it is never a partition log.</summary>
    public const string ClusterMetadataTopic = "__cluster_metadata";

    public const string LogSuffix = ".log";
    public const string IndexSuffix = ".index";
    public const string TimeIndexSuffix = ".timeindex";
    public const string TxnIndexSuffix = ".txnindex";
    public const string SnapshotSuffix = ".snapshot";
    public const string DeletedSuffix = ".deleted";
    public const string CleanedSuffix = ".cleaned";
    public const string SwapSuffix = ".swap";
    public const string CleanShutdownFile = ".kafka_cleanshutdown";
    public const string RecoveryPointCheckpointFile = "recovery-point-offset-checkpoint";
    public const string LogStartOffsetCheckpointFile = "log-start-offset-checkpoint";
    public const string ReplicationOffsetCheckpointFile = "replication-offset-checkpoint";
    public const string LeaderEpochCheckpointFile = "leader-epoch-checkpoint";

    public static string BaseName(long baseOffset) => baseOffset.ToString("D20", CultureInfo.InvariantCulture);

    public static string LogFile(string dir, long baseOffset) => Path.Combine(dir, BaseName(baseOffset) + LogSuffix);

    public static string IndexFile(string dir, long baseOffset) => Path.Combine(dir, BaseName(baseOffset) + IndexSuffix);

    public static string TimeIndexFile(string dir, long baseOffset) => Path.Combine(dir, BaseName(baseOffset) + TimeIndexSuffix);

    public static string TxnIndexFile(string dir, long baseOffset) => Path.Combine(dir, BaseName(baseOffset) + TxnIndexSuffix);

    /// <summary>A producer state snapshot, named by the offset it was taken at (the log end then).</summary>
    public static string SnapshotFile(string dir, long offset) => Path.Combine(dir, BaseName(offset) + SnapshotSuffix);

    /// <summary>Reads the base offset from a segment file name such as <c>00000000000000000042.log</c>.</summary>
    public static bool TryParseBaseOffset(string fileName, out long baseOffset)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        int dot = fileName.IndexOf('.', StringComparison.Ordinal);
        baseOffset = 0;
        return dot == 20 && long.TryParse(fileName.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out baseOffset);
    }
}
