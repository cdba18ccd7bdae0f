using System.Buffers;
using System.Text;
using KafkaNet.Protocol.Compression;
using KafkaNet.Protocol.Records;

namespace KafkaNet.Cli.DumpLog;

/// <summary>
/// Dumps a .log segment (or a metadata snapshot, .checkpoint, which holds batches too): one line per batch and, with
/// deep iteration, one per record. Bytes that are no whole batch end the dump with a line naming their position,
/// then, as Kafka, "Found N invalid bytes at the end of F".
/// </summary>
internal static class LogDumper
{
    // Inflating one batch past this is taken as corruption rather than allowed to exhaust memory.
    private const int MaxDecompressedBytes = 256 * 1024 * 1024;

    public static void Dump(string path, DumpLogArguments arguments, TextWriter stdout, DumpProblems problems)
    {
        if (SegmentNames.Describe(path) is string start)
        {
            stdout.WriteLine(start);
        }

        using var file = SegmentFile.Open(path);
        long end = arguments.MaxBytes is int limit ? Math.Min(file.Length, limit) : file.Length;
        long position = 0;
        long lastOffset = -1;
        while (true)
        {
            BatchAt at = file.Read(position, end);
            if (at.Status == BatchStatus.End)
            {
                return;
            }

            if (at.Status != BatchStatus.Batch)
            {
                // --max-bytes cuts the file short: a whole batch across the cut is not damage.
                bool cutByMaxBytes = end < file.Length && file.Read(position, file.Length).Status == BatchStatus.Batch;
                if (!cutByMaxBytes)
                {
                    stdout.WriteLine($"Invalid batch at position {position}: {at.Problem}");
                    if (arguments.MaxBytes is null)
                    {
                        stdout.WriteLine($"Found {file.Length - position} invalid bytes at the end of {Path.GetFileName(path)}");
                    }
                }

                return;
            }

            byte[] batch = at.Bytes!;
            stdout.WriteLine(BatchText.Batch(at.Header, position, RecordBatchCrc.IsValid(batch)));
            if (arguments.ReadsRecords)
            {
                DumpRecords(batch, at.Header, position, arguments, stdout, path, problems, ref lastOffset);
            }

            position += batch.Length;
        }
    }

    private static void DumpRecords(byte[] batch, in RecordBatchHeader header, long position, DumpLogArguments arguments, TextWriter stdout, string path, DumpProblems problems, ref long lastOffset)
    {
        ReadOnlyMemory<byte> records = batch.AsMemory(RecordBatchHeader.Size);
        if (header.Compression != CompressionCodec.None)
        {
            var inflated = new ArrayBufferWriter<byte>(Math.Max(256, records.Length * 4));
            try
            {
                RecordCompression.Decompress(header.Compression, records, inflated, MaxDecompressedBytes);
            }
            catch (CorruptRecordException e)
            {
                stdout.WriteLine($"{BatchText.RecordIndent} Invalid records in the batch at position {position}: {e.Message}");
                return;
            }

            records = inflated.WrittenMemory;
        }

        var reader = new RecordReader(records.Span, header);
        RecordReadResult result;
        while ((result = reader.TryReadNext(out Record record)) == RecordReadResult.Record)
        {
            if (lastOffset != -1 && record.Offset != lastOffset + 1)
            {
                problems.NonConsecutiveOffsets(Path.GetFullPath(path), lastOffset, record.Offset);
            }

            lastOffset = record.Offset;
            stdout.WriteLine(RecordLine(header, record, arguments));
        }

        if (result == RecordReadResult.Corrupt)
        {
            stdout.WriteLine($"{BatchText.RecordIndent} Invalid records in the batch at position {position}: " +
                $"record {header.RecordCount - reader.RemainingCount} of {header.RecordCount} cannot be read");
        }
    }

    // Kafka's layout: "| " starts the metadata, or the key when the metadata is skipped; the payload follows a space.
    private static string RecordLine(in RecordBatchHeader header, scoped in Record record, DumpLogArguments arguments)
    {
        var line = new StringBuilder();
        string prefix = $"{BatchText.RecordIndent} ";
        if (!arguments.SkipRecordMetadata)
        {
            line.Append(prefix).Append(BatchText.Record(header, record));
            if (header.IsControl)
            {
                line.Append(BatchText.Control(record));
            }

            prefix = " ";
        }

        if (arguments.PrintDataLog && !header.IsControl)
        {
            (string? key, string? payload) = RecordText.Decode(arguments.Decoder, record);
            if (key is not null)
            {
                line.Append(prefix).Append("key: ").Append(key);
            }

            if (payload is not null)
            {
                line.Append(" payload: ").Append(payload);
            }
        }

        return line.ToString();
    }
}
