namespace KafkaNet.Storage;

/// <summary>Which of the oldest segments retention may delete.</summary>
internal static class LogRetention
{
    /// <summary>
    /// How many segments from the start are wholly below the log start offset, older than retention.ms by their
    /// newest timestamp, or beyond retention.bytes. The active (last) segment is never counted.
    /// </summary>
    public static int DeletableSegments(LogSegment[] segments, LogConfig config, long logStartOffset, long now)
    {
        long size = 0;
        foreach (LogSegment segment in segments)
        {
            size += segment.Size;
        }

        int count = 0;
        while (count < segments.Length - 1)
        {
            LogSegment segment = segments[count];
            bool belowStart = segments[count + 1].BaseOffset <= logStartOffset;
            bool expired = config.Deletes && config.RetentionMs >= 0 && segment.MaxTimestamp >= 0 && now - segment.MaxTimestamp > config.RetentionMs;
            bool oversize = config.Deletes && config.RetentionBytes >= 0 && size - segment.Size >= config.RetentionBytes;
            if (!belowStart && !expired && !oversize)
            {
                break;
            }

            size -= segment.Size;
            count++;
        }

        return count;
    }
}
