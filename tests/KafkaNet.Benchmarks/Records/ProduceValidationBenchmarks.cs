using System.IO.Hashing;
using BenchmarkDotNet.Attributes;
using KafkaNet.Benchmarks.Protocol;
using KafkaNet.Protocol.Records;

namespace KafkaNet.Benchmarks.Records;

/// <summary>
/// The record checks of a produce request on one uncompressed batch of 1 KiB records. <see cref="Before"/> is the
/// path produce took before: header and CRC (System.IO.Hashing), the same again on opening the batch, then a walk
/// over the records. <see cref="TwoPasses"/> is that with the batch's current CRC, computed once. <see cref="OnePass"/>
/// is what produce does now.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
public class ProduceValidationBenchmarks
{
    private const int MaxDecompressedBytes = 64 * 1024 * 1024;
    private ReadOnlyMemory<byte> _batch;
    private RecordRules _rules;

    [Params(16 * 1024, 1024 * 1024)]
    public int BatchBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _batch = SampleBatches.Build(BatchBytes);
        // Timestamps as the broker bounds them by default: an hour ahead, no limit behind.
        _rules = new RecordRules(false, long.MinValue, 1_700_000_000_000 + 3_600_000);
        if (Before() != RecordFaultKind.None || TwoPasses() != RecordFaultKind.None || OnePass() != RecordFaultKind.None)
        {
            throw new InvalidOperationException("the sample batch must pass every check");
        }
    }

    [Benchmark(Baseline = true)]
    public RecordFaultKind Before()
    {
        ReadOnlySpan<byte> span = _batch.Span;
        for (int pass = 0; pass < 2; pass++)
        {
            if (RecordBatchValidator.ValidateHeader(span, out RecordBatchHeader header) != RecordBatchValidationResult.Ok
                || Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, span[RecordBatchHeader.AttributesOffset..(int)header.TotalSize]) != header.Crc)
            {
                return RecordFaultKind.Malformed;
            }
        }
        return Walk(RecordBatchHeader.Read(span));
    }

    [Benchmark]
    public RecordFaultKind TwoPasses() =>
        RecordBatchValidator.Validate(_batch.Span, out RecordBatchHeader header) == RecordBatchValidationResult.Ok
            ? Walk(header)
            : RecordFaultKind.Malformed;

    [Benchmark]
    public RecordFaultKind OnePass()
    {
        if (RecordBatchValidator.ValidateHeader(_batch.Span, out RecordBatchHeader header) != RecordBatchValidationResult.Ok
            || RecordBatchChecker.Check(_batch, header, _rules, MaxDecompressedBytes, out RecordFault fault) != RecordBatchValidationResult.Ok)
        {
            return RecordFaultKind.Malformed;
        }
        return fault.Kind;
    }

    /// <summary>The record walk produce made as its own pass.</summary>
    private RecordFaultKind Walk(in RecordBatchHeader header)
    {
        var reader = new RecordReader(_batch.Span[RecordBatchHeader.Size..], header);
        for (int expected = 0; ; expected++)
        {
            switch (reader.TryReadNext(out Record record))
            {
                case RecordReadResult.End:
                    return header.LastOffsetDelta == expected - 1 ? RecordFaultKind.None : RecordFaultKind.LastOffsetDelta;
                case RecordReadResult.Corrupt:
                    return RecordFaultKind.Malformed;
            }
            if (record.OffsetDelta != expected)
            {
                return RecordFaultKind.OffsetDelta;
            }
            if (_rules.KeysRequired && record.IsKeyNull)
            {
                return RecordFaultKind.MissingKey;
            }
            if (record.Timestamp < _rules.EarliestTimestamp || record.Timestamp > _rules.LatestTimestamp)
            {
                return RecordFaultKind.Timestamp;
            }
        }
    }
}
