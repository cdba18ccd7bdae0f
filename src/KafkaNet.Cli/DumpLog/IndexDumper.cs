using KafkaNet.Storage;

namespace KafkaNet.Cli.DumpLog;

/// <summary>
/// Dumps a .index file ("offset: N position: P"), checking each entry against the batch it points at in the .log
/// file beside it: the entry must name that batch's last offset. --index-sanity-check runs the broker's own check.
/// </summary>
internal static class IndexDumper
{
    public static void Dump(string path, DumpLogArguments arguments, TextWriter stdout, DumpProblems problems)
    {
        long baseOffset = SegmentNames.BaseOffsetOf(path);
        using var log = SegmentFile.Open(SegmentNames.LogFileOf(path));
        using var index = new OffsetIndex(path, baseOffset, 0, mutable: false);
        if (index.Entries == 0)
        {
            stdout.WriteLine($"{path} is empty.");
            return;
        }

        if (arguments.IndexSanityCheck)
        {
            stdout.WriteLine(index.IsSane(log.Length) ? $"{path} passed sanity check." : $"{path} failed sanity check.");
            return;
        }

        for (int i = 0; i < index.Entries; i++)
        {
            IndexEntry entry = index.EntryAt(i);
            // A preallocated index left by a crash ends in zeros: the first zero entry ends it.
            if (entry.Offset == baseOffset && i > 0)
            {
                return;
            }

            BatchAt batch = log.Read(entry.Position, Math.Min(log.Length, (long)entry.Position + arguments.MaxMessageSize));
            long logOffset = batch.Status == BatchStatus.Batch ? batch.Header.LastOffset : -1;
            if (logOffset != entry.Offset)
            {
                problems.IndexMismatch(Path.GetFullPath(path), entry.Offset, logOffset);
            }

            if (!arguments.VerifyIndexOnly)
            {
                stdout.WriteLine($"offset: {entry.Offset} position: {entry.Position}");
            }
        }
    }
}
