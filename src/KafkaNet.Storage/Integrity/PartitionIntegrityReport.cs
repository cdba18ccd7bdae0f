namespace KafkaNet.Storage.Integrity;

/// <summary>What a full offline scan found in one partition directory.</summary>
/// <param name="Directory">The partition directory scanned.</param>
/// <param name="FirstOffset">Base offset of the first stored batch, or -1 when the log holds none.</param>
/// <param name="NextOffset">One past the last offset stored, or the first segment's base offset when empty.</param>
/// <param name="Batches">Batches read, control batches included.</param>
/// <param name="Records">Records read in those batches.</param>
/// <param name="ControlBatches">Transaction markers among the batches.</param>
/// <param name="Violations">Each broken rule with the file and position it was found at; empty when the log is sound.</param>
public sealed record PartitionIntegrityReport(
    string Directory,
    long FirstOffset,
    long NextOffset,
    long Batches,
    long Records,
    long ControlBatches,
    IReadOnlyList<string> Violations)
{
    public bool IsSound => Violations.Count == 0;
}
