namespace KafkaNet.Protocol.Records;

/// <summary>
/// Reads the records section of one batch (already decompressed). Works both as a <c>foreach</c> enumerator,
/// which throws <see cref="CorruptRecordException"/>, and through <see cref="TryReadNext"/>, which never throws.
/// </summary>
public ref struct RecordReader
{
    private readonly ReadOnlySpan<byte> _records;
    private readonly long _baseOffset;
    private readonly long _baseTimestamp;
    private readonly long? _logAppendTime;
    private int _position;
    private int _remaining;
    private bool _corrupt;

    /// <summary>Reads <paramref name="recordCount"/> records laid out back to back in <paramref name="records"/>.</summary>
    public RecordReader(ReadOnlySpan<byte> records, int recordCount, long baseOffset = 0, long baseTimestamp = 0, long? logAppendTime = null)
    {
        _records = records;
        _remaining = recordCount;
        _baseOffset = baseOffset;
        _baseTimestamp = baseTimestamp;
        _logAppendTime = logAppendTime;
        _position = 0;
        _corrupt = recordCount < 0 || (long)recordCount * RecordBatchValidator.MinRecordSize > records.Length;
        Current = default;
    }

    /// <summary>Reads the records of a batch described by <paramref name="header"/>.</summary>
    public RecordReader(ReadOnlySpan<byte> records, scoped in RecordBatchHeader header)
        : this(
            records,
            header.RecordCount,
            header.BaseOffset,
            header.BaseTimestamp,
            header.TimestampType == TimestampType.LogAppendTime ? header.MaxTimestamp : null)
    {
    }

    /// <summary>Bytes of the records section read so far.</summary>
    internal readonly int Position => _position;

    /// <summary>Records not yet read.</summary>
    public readonly int RemainingCount => _remaining;

    public Record Current { get; private set; }

    public readonly RecordReader GetEnumerator() => this;

    /// <exception cref="CorruptRecordException">The records section is malformed.</exception>
    public bool MoveNext()
    {
        RecordReadResult result = TryReadNext(out Record record);
        if (result == RecordReadResult.Corrupt)
        {
            throw new CorruptRecordException(
                $"Malformed record at byte {_position} of the records section with {_remaining} record(s) outstanding.");
        }

        Current = record;
        return result == RecordReadResult.Record;
    }

    /// <summary>Reads the next record, or reports the end or corruption. Corruption is sticky.</summary>
    public RecordReadResult TryReadNext(out Record record)
    {
        int start = _position;
        RecordReadResult result = TryScanNext(out RecordLayout layout);
        record = result == RecordReadResult.Record
            ? Record.FromLayout(_records[start..], layout, _baseOffset, _baseTimestamp, _logAppendTime)
            : default;
        return result;
    }

    /// <summary>As <see cref="TryReadNext"/>, locating the record's parts without building it.</summary>
    internal RecordReadResult TryScanNext(out RecordLayout layout)
    {
        if (_corrupt)
        {
            layout = default;
            return RecordReadResult.Corrupt;
        }

        if (_remaining == 0)
        {
            layout = default;
            // Kafka treats bytes beyond the declared record count as a corrupt batch.
            if (_position == _records.Length)
            {
                return RecordReadResult.End;
            }

            _corrupt = true;
            return RecordReadResult.Corrupt;
        }

        if (!Record.TryScan(_records[_position..], out layout))
        {
            _corrupt = true;
            return RecordReadResult.Corrupt;
        }

        _position += layout.Size;
        _remaining--;
        return RecordReadResult.Record;
    }

    /// <summary>The absolute timestamp of a record this reader scanned, as <see cref="Record.Timestamp"/> gives it.</summary>
    internal readonly long TimestampOf(in RecordLayout layout) => _logAppendTime ?? _baseTimestamp + layout.TimestampDelta;
}
