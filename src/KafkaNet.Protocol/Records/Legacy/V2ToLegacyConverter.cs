using System.Buffers;
using KafkaNet.Protocol.Compression;

namespace KafkaNet.Protocol.Records.Legacy;

/// <summary>
/// Down-converts v2 batches read from the log into a magic 0 or 1 message set for Fetch v0-3, as Kafka does:
/// absolute offsets, timestamps only for magic 1, one compressed wrapper per compressed batch (relative inner
/// offsets for magic 1), headers dropped and control batches skipped.
/// </summary>
public static class V2ToLegacyConverter
{
    /// <param name="batches">Whole v2 batches as read from the log; a cut-off last batch is ignored.</param>
    /// <param name="magic">Target magic, 0 or 1.</param>
    /// <param name="destination">Receives the message set.</param>
    /// <param name="maxBytes">Output limit; the first entry is always written whole even if larger.</param>
    /// <param name="maxDecompressedBytes">Ceiling on any one batch's decompressed records.</param>
    /// <param name="firstOffset">Records below this offset (the fetch offset) are left out.</param>
    public static LegacyDownConversionResult Convert(
        ReadOnlyMemory<byte> batches, byte magic, IBufferWriter<byte> destination, int maxBytes, int maxDecompressedBytes, long firstOffset = 0)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(magic, LegacyMessageFormat.Magic1);
        var state = new State(magic, destination, maxBytes, firstOffset);
        try
        {
            while (!batches.IsEmpty && !state.Full)
            {
                RecordBatchValidationResult validation = RecordBatch.TryRead(batches, out RecordBatch batch);
                if (validation is RecordBatchValidationResult.TooShort or RecordBatchValidationResult.Truncated)
                {
                    break;
                }

                if (validation != RecordBatchValidationResult.Ok)
                {
                    return state.Result(ToError(validation));
                }

                batches = batches[batch.Memory.Length..];
                if (batch.Header.IsControl || batch.Header.LastOffset < firstOffset)
                {
                    continue;
                }

                if (batch.Header.Compression == CompressionCodec.Zstd)
                {
                    return state.Result(LegacyMessageError.UnsupportedCompression);
                }

                using RecordBatchContent content = batch.OpenRecords(maxDecompressedBytes);
                if (batch.Header.Compression == CompressionCodec.None)
                {
                    state.WriteEach(content);
                }
                else
                {
                    state.WriteWrapper(content);
                }
            }

            return state.Result(LegacyMessageError.None);
        }
        catch (CorruptRecordException)
        {
            return state.Result(LegacyMessageError.Undecompressable);
        }
        finally
        {
            state.Dispose();
        }
    }

    private static LegacyMessageError ToError(RecordBatchValidationResult validation) => validation switch
    {
        RecordBatchValidationResult.BadCrc => LegacyMessageError.CrcMismatch,
        RecordBatchValidationResult.BadMagic => LegacyMessageError.BadMagic,
        RecordBatchValidationResult.UnsupportedCompression => LegacyMessageError.UnknownCompression,
        _ => LegacyMessageError.BadSize,
    };

    private sealed class State(byte magic, IBufferWriter<byte> destination, int maxBytes, long firstOffset) : IDisposable
    {
        private PooledBufferWriter? _inner;
        private PooledBufferWriter? _compressed;
        private int _written;
        private int _messages;
        private long _lastOffset = -1;

        public bool Full { get; private set; }

        public LegacyDownConversionResult Result(LegacyMessageError error) => new(_written, _messages, _lastOffset, Full, error);

        public void WriteEach(RecordBatchContent content)
        {
            byte attributes = LegacyMessageFormat.Attributes(CompressionCodec.None, content.Header.TimestampType, magic);
            foreach (Record record in content.GetRecords())
            {
                if (record.Offset < firstOffset)
                {
                    continue;
                }

                int size = LegacyMessageFormat.EntrySize(magic, Length(record.IsKeyNull, record.Key), Length(record.IsValueNull, record.Value));
                if (!Fits(size))
                {
                    return;
                }

                LegacyMessageFormat.Write(destination, magic, record.Offset, attributes, record.Timestamp, Key(record), Value(record));
                Count(size, record.Offset);
            }
        }

        public void WriteWrapper(RecordBatchContent content)
        {
            RecordBatchHeader header = content.Header;
            _inner ??= new PooledBufferWriter(content.Records.Length + 1024);
            _inner.Clear();
            long baseOffset = -1;
            long lastOffset = -1;
            long maxTimestamp = LegacyMessageFormat.NoTimestamp;
            byte innerAttributes = LegacyMessageFormat.Attributes(CompressionCodec.None, header.TimestampType, magic);
            foreach (Record record in content.GetRecords())
            {
                if (record.Offset < firstOffset)
                {
                    continue;
                }

                baseOffset = baseOffset < 0 ? record.Offset : baseOffset;
                long innerOffset = magic == LegacyMessageFormat.Magic0 ? record.Offset : record.Offset - baseOffset;
                LegacyMessageFormat.Write(_inner, magic, innerOffset, innerAttributes, record.Timestamp, Key(record), Value(record));
                lastOffset = record.Offset;
                maxTimestamp = Math.Max(maxTimestamp, record.Timestamp);
            }

            if (lastOffset < 0)
            {
                return;
            }

            _compressed ??= new PooledBufferWriter(_inner.WrittenCount);
            _compressed.Clear();
            RecordCompression.Compress(header.Compression, _inner.WrittenSpan, _compressed);
            if (header.Compression == CompressionCodec.Lz4 && magic == LegacyMessageFormat.Magic0)
            {
                LegacyLz4.UseMagic0HeaderChecksum(_compressed.WrittenSpanForEdit);
            }

            int size = LegacyMessageFormat.EntrySize(magic, -1, _compressed.WrittenCount);
            if (!Fits(size))
            {
                return;
            }

            long timestamp = header.TimestampType == TimestampType.LogAppendTime ? header.MaxTimestamp : maxTimestamp;
            byte attributes = LegacyMessageFormat.Attributes(header.Compression, header.TimestampType, magic);
            LegacyMessageFormat.Write(destination, magic, lastOffset, attributes, timestamp, NullableBytes.Null, _compressed.WrittenSpan);
            Count(size, lastOffset);
        }

        public void Dispose()
        {
            _inner?.Dispose();
            _compressed?.Dispose();
        }

        private bool Fits(int size)
        {
            // Like Fetch, the first entry goes out whole even when it alone exceeds the limit.
            Full = _messages > 0 && (long)_written + size > maxBytes;
            return !Full;
        }

        private void Count(int size, long offset)
        {
            _written += size;
            _messages++;
            _lastOffset = offset;
        }

        private static int Length(bool isNull, ReadOnlySpan<byte> bytes) => isNull ? -1 : bytes.Length;

        private static NullableBytes Key(in Record record) => record.IsKeyNull ? NullableBytes.Null : new NullableBytes(record.Key);

        private static NullableBytes Value(in Record record) => record.IsValueNull ? NullableBytes.Null : new NullableBytes(record.Value);
    }
}
