using KafkaNet.Protocol.Compression;

namespace KafkaNet.Protocol.Records.Legacy;

/// <summary>
/// A parsed v0/v1 message set: its messages with absolute offsets, or the first error found. Holds the pooled
/// buffers compressed wrappers were inflated into; dispose it once the messages are no longer needed.
/// </summary>
public sealed class LegacyMessageSet : IDisposable
{
    private readonly List<LegacyMessage> _messages = [];
    private readonly List<PooledBufferWriter> _buffers = [];

    internal LegacyMessageSet()
    {
    }

    /// <summary>Messages read before any error, in set order, wrappers already unwrapped.</summary>
    public IReadOnlyList<LegacyMessage> Messages => _messages;

    public LegacyMessageError Error { get; internal set; }

    /// <summary>Position in the set of the entry the error was found in; -1 when there is none.</summary>
    public int ErrorPosition { get; internal set; } = -1;

    /// <summary>The set ended inside an entry and partial tails were allowed, as in fetched data.</summary>
    public bool HasPartialTrailingMessage { get; internal set; }

    /// <summary>Bytes of whole entries read.</summary>
    public int BytesRead { get; internal set; }

    /// <summary>Whole top-level entries read: plain messages and wrappers, not the messages inside wrappers.</summary>
    public int EntryCount { get; internal set; }

    /// <summary>The last codec a wrapper used (none if no message was compressed); Kafka keeps this codec on conversion.</summary>
    public CompressionCodec SourceCompression { get; internal set; }

    /// <summary>Highest magic seen in the set.</summary>
    public byte MaxMagic { get; internal set; }

    public bool IsValid => Error == LegacyMessageError.None;

    internal List<LegacyMessage> MessageList => _messages;

    internal PooledBufferWriter RentBuffer(int initialCapacity)
    {
        var buffer = new PooledBufferWriter(initialCapacity);
        _buffers.Add(buffer);
        return buffer;
    }

    internal void Fail(LegacyMessageError error, int position)
    {
        Error = error;
        ErrorPosition = position;
    }

    public void Dispose()
    {
        foreach (PooledBufferWriter buffer in _buffers)
        {
            buffer.Dispose();
        }

        _buffers.Clear();
        _messages.Clear();
    }
}
