namespace KafkaNet.Broker.Shares;

/// <summary>
/// The offsets a fetch from the log returned, for one acquisition: an inclusive range and, when the group
/// delivers in key order, the key of every record in it (index = offset - <see cref="FirstOffset"/>;
/// null for a record without a key, or for an offset the log no longer holds).
/// </summary>
public sealed record FetchedRecords(long FirstOffset, long LastOffset, IReadOnlyList<byte[]?>? Keys = null)
{
    /// <summary>Offset ranges of aborted transactions (read_committed), in offset order: archived on first sight, never delivered.</summary>
    public IReadOnlyList<(long First, long Last)> Aborted { get; init; } = [];

    /// <summary>True when <paramref name="offset"/> lies in an aborted range.</summary>
    public bool IsAborted(long offset)
    {
        foreach (var (first, last) in Aborted)
        {
            if (offset >= first && offset <= last) return true;
        }
        return false;
    }

    /// <summary>The key of the record at <paramref name="offset"/>, or null when none is known.</summary>
    public byte[]? KeyAt(long offset)
    {
        if (Keys is null) return null;
        var index = offset - FirstOffset;
        return index >= 0 && index < Keys.Count ? Keys[(int)index] : null;
    }
}
