using System.Runtime.InteropServices;
using KafkaNet.Broker.Network;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.Protocol.Records;
using KafkaNet.Protocol.Records.Legacy;

namespace KafkaNet.Broker.Fetch;

/// <summary>
/// Fetch v0-3: turns the v2 batches read from the log into message sets of magic 0 (v0-1) or magic 1 (v2-3),
/// as Kafka does for old fetchers. Records below the fetch offset and control batches are left out; a
/// partition holding a zstd batch gets UNSUPPORTED_COMPRESSION_TYPE. Only the first partition with data may
/// exceed its limits (by one message or wrapper), the others are cut to what remains of the response's max bytes.
/// Deviation: Kafka holds v0-2 to partition_max_bytes strictly and sends a too-large first message cut short, which
/// the client reports as too large; here that message comes whole, as from v3, and the consumer moves on.
/// </summary>
internal static class FetchDownConverter
{
    private const int MaxDecompressedBytes = 64 * 1024 * 1024;

    /// <summary>Converts every partition read into pooled buffers and releases the log leases of <paramref name="read"/>.</summary>
    public static DownConvertedResponse Convert(
        LeasedResponse read, List<(FetchSessionPartition Entry, FetchResponse.PartitionData Data)> sent, short version, int responseMaxBytes)
    {
        byte magic = version <= 1 ? LegacyMessageFormat.Magic0 : LegacyMessageFormat.Magic1;
        var converted = new DownConvertedResponse(read.Message);
        try
        {
            long budget = responseMaxBytes;
            long total = 0;
            foreach (var (entry, data) in sent)
            {
                if (data.Records is not { IsEmpty: false })
                {
                    continue;
                }
                int limit = (int)Math.Min(entry.MaxBytes, Math.Max(0, budget));
                int written = ConvertPartition(data, entry.FetchOffset, magic, total == 0 ? Math.Max(1, limit) : limit, total == 0, converted);
                total += written;
                budget -= written;
            }
            return converted;
        }
        catch
        {
            converted.Dispose();
            throw;
        }
        finally
        {
            read.Dispose();
        }
    }

    private static int ConvertPartition(FetchResponse.PartitionData data, long fetchOffset, byte magic, int limit, bool first, DownConvertedResponse into)
    {
        var records = data.Records!.Value;
        data.Records = ReadOnlyMemory<byte>.Empty;
        if (limit <= 0)
        {
            return 0;
        }
        using var source = new PooledBufferWriter(records.Length);
        var span = source.GetSpan(records.Length)[..records.Length];
        if (MemoryMarshal.TryGetMemoryManager(records, out ExternalBytes? external, out int start, out int length))
        {
            external.CopyTo(start, length, span);
        }
        else
        {
            records.Span.CopyTo(span);
        }
        source.Advance(records.Length);

        var output = new PooledBufferWriter(Math.Min(records.Length, limit));
        var result = V2ToLegacyConverter.Convert(source.WrittenMemory, magic, output, limit, MaxDecompressedBytes, fetchOffset);
        // Past the first partition, a message larger than what is left of the response waits for a later fetch.
        if (result.Error != LegacyMessageError.None || result.BytesWritten == 0 || (!first && result.BytesWritten > limit))
        {
            output.Dispose();
            data.ErrorCode = (short)result.Error.ToErrorCode();
            return 0;
        }
        data.Records = into.Attach(output);
        return result.BytesWritten;
    }
}
