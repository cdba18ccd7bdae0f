namespace KafkaNet.Storage;

/// <summary>
/// What a read by offset returns: the region of whole batches (null when nothing is readable) and the log bounds
/// seen at the time of the read. Dispose to release the region's lease.
/// </summary>
public readonly record struct LogReadResult(FileRegion? Region, long LogStartOffset, long LogEndOffset) : IDisposable
{
    public void Dispose() => Region?.Dispose();
}
