namespace KafkaNet.Protocol.Records;

/// <summary>
/// Walks the batches laid back to back in a records field (produce request, fetch response, log segment).
/// A fetch response may end with a partial batch, which shows up as <see cref="RecordBatchValidationResult.Truncated"/>
/// or <see cref="RecordBatchValidationResult.TooShort"/>.
/// </summary>
public struct RecordBatchReader
{
    private readonly ReadOnlyMemory<byte> _buffer;
    private int _position;

    public RecordBatchReader(ReadOnlyMemory<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
    }

    /// <summary>Bytes taken up by the batches read so far.</summary>
    public readonly int Consumed => _position;

    public readonly bool IsAtEnd => _position >= _buffer.Length;

    /// <summary>Validates and returns the next batch; the reader only advances past valid batches.</summary>
    public RecordBatchValidationResult ReadNext(out RecordBatch batch)
    {
        RecordBatchValidationResult result = RecordBatch.TryRead(_buffer[_position..], out batch);
        if (result == RecordBatchValidationResult.Ok)
        {
            _position += batch.Memory.Length;
        }

        return result;
    }
}
