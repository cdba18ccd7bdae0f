namespace KafkaNet.Broker.Shares.DeadLetter;

/// <summary>What became of a dead-letter write.</summary>
public enum DeadLetterOutcome
{
    /// <summary>The dead-letter topic holds a record for every offset of the runs.</summary>
    Written,

    /// <summary>Nothing is to be written (no dead-letter topic, or one the safeguards refuse): archive without it, as Kafka does.</summary>
    Skipped,

    /// <summary>The write failed or its outcome is unknown; the records stay Archiving and the write is tried again.</summary>
    Failed,
}

/// <summary>Writes the dead-letter records of archived runs of one share-partition onto its group's dead-letter topic.</summary>
public interface IDeadLetterWriter
{
    /// <param name="source">The share-partition the records were archived in.</param>
    /// <param name="config">The group's current settings (dead-letter topic, copy flag).</param>
    /// <param name="runs">The archived runs, in offset order.</param>
    /// <param name="mayBeWritten">
    /// An earlier write of some of these records may have landed (a restart, or a write with an unknown outcome):
    /// records the dead-letter topic already holds are not written again.
    /// </param>
    Task<DeadLetterOutcome> WriteAsync(SharePartitionKey source, SharePartitionConfig config, IReadOnlyList<ArchivedRecords> runs, bool mayBeWritten,
        CancellationToken cancellationToken);
}
