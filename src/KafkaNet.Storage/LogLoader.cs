namespace KafkaNet.Storage;

/// <summary>
/// Opens a partition directory: removes leftovers of interrupted deletes, loads segments the recovery point vouches
/// for, and recovers the rest batch by batch. A torn tail is truncated; corruption followed by more data throws.
/// </summary>
internal static class LogLoader
{
    public static List<LogSegment> Load(string dir, LogConfig config, long recoveryPoint, LeaderEpochCache epochs, List<SegmentRecoveryResult> report)
    {
        RemoveLeftovers(dir);
        var baseOffsets = new List<long>();
        foreach (string file in Directory.EnumerateFiles(dir, "*" + LogFileNames.LogSuffix))
        {
            if (LogFileNames.TryParseBaseOffset(Path.GetFileName(file), out long baseOffset))
            {
                baseOffsets.Add(baseOffset);
            }
        }

        baseOffsets.Sort();
        var segments = new List<LogSegment>(baseOffsets.Count);
        try
        {
            for (int i = 0; i < baseOffsets.Count; i++)
            {
                bool last = i == baseOffsets.Count - 1;
                long nextBase = last ? long.MaxValue : baseOffsets[i + 1];
                bool trusted = nextBase <= recoveryPoint;
                var segment = new LogSegment(dir, baseOffsets[i], config, active: last || !trusted, create: false);
                if (trusted && !SegmentScanner.TryLoad(segment))
                {
                    // A bad index is rebuilt from the log; that needs a writable, preallocated index.
                    segment.Close();
                    segment = new LogSegment(dir, baseOffsets[i], config, active: true, create: false);
                    trusted = false;
                }

                segments.Add(segment);
                if (!trusted)
                {
                    Recover(segment, baseOffsets, i, !config.Compacts, epochs, report);
                    if (!last)
                    {
                        segment.OnBecomeInactive();
                    }
                }
            }

            CheckOffsetsIncrease(segments);
        }
        catch
        {
            foreach (LogSegment segment in segments)
            {
                segment.Close();
            }

            throw;
        }

        return segments;
    }

    private static void Recover(LogSegment segment, List<long> baseOffsets, int index, bool contiguous, LeaderEpochCache epochs, List<SegmentRecoveryResult> report)
    {
        SegmentRecoveryResult result = SegmentScanner.Recover(segment, contiguous, epochs);
        if (result.IsClean)
        {
            return;
        }

        // Bad bytes are a torn tail only when no later segment holds data; otherwise good data would be lost.
        for (int later = index + 1; later < baseOffsets.Count; later++)
        {
            if (new FileInfo(LogFileNames.LogFile(segment.Directory, baseOffsets[later])).Length > 0)
            {
                throw new LogCorruptionException(
                    $"Corrupt data in the middle of the log at {segment.LogPath}: {result.Reason}. " +
                    $"{result.InvalidBytes} bytes follow it and segment {baseOffsets[later]} holds later data.");
            }
        }

        segment.TruncateFileTo(result.ValidBytes);
        report.Add(result);
    }

    private static void CheckOffsetsIncrease(List<LogSegment> segments)
    {
        for (int i = 1; i < segments.Count; i++)
        {
            if (segments[i].BaseOffset < segments[i - 1].NextOffset)
            {
                throw new LogCorruptionException(
                    $"Segment {segments[i].LogPath} starts at {segments[i].BaseOffset}, below the end {segments[i - 1].NextOffset} of the one before.");
            }
        }
    }

    // A crash during deletion or compaction leaves renamed files; they are never part of the log.
    private static void RemoveLeftovers(string dir)
    {
        foreach (string file in Directory.GetFiles(dir))
        {
            string name = Path.GetFileName(file);
            if (name.EndsWith(LogFileNames.LogSuffix + LogFileNames.SwapSuffix, StringComparison.Ordinal))
            {
                // A compacted segment was complete but not yet in place: finish the swap; its indexes get rebuilt
                // (its .txnindex was never moved: compaction keeps the markers and their entries).
                string logFile = file[..^LogFileNames.SwapSuffix.Length];
                File.Move(file, logFile, overwrite: true);
                string stem = logFile[..^LogFileNames.LogSuffix.Length];
                File.Delete(stem + LogFileNames.IndexSuffix);
                File.Delete(stem + LogFileNames.TimeIndexSuffix);
            }
            else if (name.EndsWith(LogFileNames.DeletedSuffix, StringComparison.Ordinal)
                || name.EndsWith(LogFileNames.CleanedSuffix, StringComparison.Ordinal)
                || name.EndsWith(".tmp", StringComparison.Ordinal))
            {
                File.Delete(file);
            }
            else if ((name.EndsWith(LogFileNames.IndexSuffix, StringComparison.Ordinal)
                    || name.EndsWith(LogFileNames.TimeIndexSuffix, StringComparison.Ordinal)
                    || name.EndsWith(LogFileNames.TxnIndexSuffix, StringComparison.Ordinal))
                && LogFileNames.TryParseBaseOffset(name, out long baseOffset)
                && !File.Exists(LogFileNames.LogFile(dir, baseOffset)))
            {
                File.Delete(file);
            }
        }
    }
}
