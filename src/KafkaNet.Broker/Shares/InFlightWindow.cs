namespace KafkaNet.Broker.Shares;

/// <summary>
/// The records from the start offset up to (not including) the end offset, in one array indexed by
/// offset - start. Dropping from the front only moves an index; space is reclaimed when the array grows.
/// </summary>
internal sealed class InFlightWindow
{
    private InFlightRecord[] _records = new InFlightRecord[16];
    private int _head;

    public InFlightWindow(long startOffset) => StartOffset = startOffset;

    /// <summary>The share-partition start offset (SPSO): the first offset not yet known to be complete.</summary>
    public long StartOffset { get; private set; }

    public int Count { get; private set; }

    /// <summary>The share-partition end offset (SPEO): one past the last in-flight offset.</summary>
    public long EndOffset => StartOffset + Count;

    public bool Contains(long offset) => offset >= StartOffset && offset < EndOffset;

    public ref InFlightRecord At(long offset) => ref _records[_head + (int)(offset - StartOffset)];

    public void Append(in InFlightRecord record)
    {
        if (_head + Count == _records.Length) MakeRoom();
        _records[_head + Count] = record;
        Count++;
    }

    /// <summary>Drops the leading records that are complete and returns how far the start offset moved.</summary>
    public long TrimCompletePrefix()
    {
        var dropped = 0;
        while (dropped < Count && _records[_head + dropped].IsComplete)
        {
            _records[_head + dropped] = default;
            dropped++;
        }
        _head += dropped;
        Count -= dropped;
        StartOffset += dropped;
        if (Count == 0) _head = 0;
        return dropped;
    }

    /// <summary>Moves the start past offsets the log no longer has; only valid when the window is empty.</summary>
    public void SkipTo(long offset)
    {
        if (Count != 0) throw new InvalidOperationException("The in-flight window is not empty.");
        if (offset > StartOffset) StartOffset = offset;
    }

    private void MakeRoom()
    {
        // Reuse the dropped front when it is at least half the array; otherwise double.
        var target = _head >= _records.Length / 2 ? _records : new InFlightRecord[_records.Length * 2];
        Array.Copy(_records, _head, target, 0, Count);
        if (ReferenceEquals(target, _records)) Array.Clear(_records, Count, _head);
        _records = target;
        _head = 0;
    }
}
