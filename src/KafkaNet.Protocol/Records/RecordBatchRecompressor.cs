using KafkaNet.Protocol.Compression;

namespace KafkaNet.Protocol.Records;

/// <summary>
/// Re-encodes a v2 batch with another codec, as a broker does when a topic's compression.type
/// names a codec other than the producer's. Records, timestamps, headers and the producer fields
/// are kept; offsets are assigned afresh on append anyway.
/// </summary>
public static class RecordBatchRecompressor
{
    /// <exception cref="CorruptRecordException">The batch does not decode within <paramref name="maxDecompressedBytes"/>.</exception>
    public static byte[] Recompress(ReadOnlyMemory<byte> batchBytes, CompressionCodec target, int maxDecompressedBytes)
    {
        if (RecordBatch.TryRead(batchBytes, out var batch) != RecordBatchValidationResult.Ok)
        {
            throw new CorruptRecordException("the batch to recompress is not valid");
        }
        var header = batch.Header;
        using var builder = new RecordBatchBuilder
        {
            Compression = target,
            TimestampType = header.TimestampType,
            PartitionLeaderEpoch = header.PartitionLeaderEpoch,
            ProducerId = header.ProducerId,
            ProducerEpoch = header.ProducerEpoch,
            BaseSequence = header.BaseSequence,
            IsTransactional = header.IsTransactional,
            IsControl = header.IsControl,
        };
        using var content = batch.OpenRecords(maxDecompressedBytes);
        var headers = new List<RecordHeaderData>();
        foreach (var record in content.GetRecords())
        {
            headers.Clear();
            foreach (var h in record.Headers)
            {
                headers.Add(new RecordHeaderData(h.Key.ToArray(), h.IsValueNull ? null : h.Value.ToArray()));
            }
            builder.Append(
                record.Timestamp,
                record.IsKeyNull ? NullableBytes.Null : new NullableBytes(record.Key),
                record.IsValueNull ? NullableBytes.Null : new NullableBytes(record.Value),
                System.Runtime.InteropServices.CollectionsMarshal.AsSpan(headers));
        }
        return builder.ToArray();
    }
}
