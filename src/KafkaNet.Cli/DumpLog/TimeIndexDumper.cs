using KafkaNet.Storage;

namespace KafkaNet.Cli.DumpLog;

/// <summary>
/// Dumps a .timeindex file ("timestamp: T offset: N"), checking each entry against the log: a batch must end at the
/// entry's offset and reach its timestamp, and timestamps must increase. --index-sanity-check runs the broker's check.
/// </summary>
internal static class TimeIndexDumper
{
    public static void Dump(string path, DumpLogArguments arguments, TextWriter stdout, DumpProblems problems)
    {
        long baseOffset = SegmentNames.BaseOffsetOf(path);
        using var timeIndex = new TimeIndex(path, baseOffset, 0, mutable: false);
        if (arguments.IndexSanityCheck)
        {
            stdout.WriteLine(timeIndex.IsSane() ? $"{path} passed sanity check." : $"{path} failed sanity check.");
            return;
        }

        using var log = SegmentFile.Open(SegmentNames.LogFileOf(path));
        string indexPath = SegmentNames.IndexFileOf(path);
        using OffsetIndex? offsetIndex = File.Exists(indexPath) ? new OffsetIndex(indexPath, baseOffset, 0, mutable: false) : null;
        string fullPath = Path.GetFullPath(path);
        long previousTimestamp = -1;
        for (int i = 0; i < timeIndex.Entries; i++)
        {
            TimeIndexEntry entry = timeIndex.EntryAt(i);
            // A preallocated index left by a crash ends in zeros: the first zero entry ends it.
            if (entry.Offset == baseOffset && i > 0)
            {
                return;
            }

            BatchAt batch = BatchEndingAtOrAfter(log, offsetIndex?.Lookup(entry.Offset).Position ?? 0, entry.Offset);
            if (batch.Status != BatchStatus.Batch)
            {
                problems.IndexedOffsetNotFound(fullPath, entry.Offset, -1);
            }
            else if (batch.Header.LastOffset != entry.Offset)
            {
                problems.IndexedOffsetNotFound(fullPath, entry.Offset, batch.Header.LastOffset);
            }
            else
            {
                // A v2 batch's max timestamp is the largest of its records' timestamps.
                if (batch.Header.MaxTimestamp != entry.Timestamp)
                {
                    problems.TimestampMismatch(fullPath, entry.Timestamp, batch.Header.MaxTimestamp);
                }

                if (previousTimestamp >= entry.Timestamp)
                {
                    problems.OutOfOrderTimestamp(fullPath, entry.Timestamp, previousTimestamp);
                }
            }

            if (!arguments.VerifyIndexOnly)
            {
                stdout.WriteLine($"timestamp: {entry.Timestamp} offset: {entry.Offset}");
            }

            previousTimestamp = entry.Timestamp;
        }
    }

    // The first batch from `position` on whose last offset reaches `offset`; not a batch when none does.
    private static BatchAt BatchEndingAtOrAfter(SegmentFile log, long position, long offset)
    {
        while (true)
        {
            BatchAt batch = log.Read(position, log.Length);
            if (batch.Status != BatchStatus.Batch || batch.Header.LastOffset >= offset)
            {
                return batch;
            }

            position += batch.Bytes!.Length;
        }
    }
}
