using BenchmarkDotNet.Attributes;
using KafkaNet.Storage;

namespace KafkaNet.Benchmarks;

/// <summary>Sequential read of a 256 MiB log in 1 MiB fetches, copying each region once (the TLS path).</summary>
[MemoryDiagnoser]
public class StorageReadBenchmarks
{
    private const int LogBytes = 256 * 1024 * 1024;
    private const int FetchBytes = 1024 * 1024;
    private readonly byte[] _buffer = new byte[2 * FetchBytes];
    private string _dir = "";
    private PartitionLog? _log;

    [GlobalSetup]
    public void Setup()
    {
        _dir = Path.Combine(Path.GetTempPath(), "kafkanet-bench-" + Guid.NewGuid().ToString("N"));
        _log = PartitionLog.Open(Path.Combine(_dir, "bench-0"), new LogConfig());
        byte[] batch = StorageAppendBenchmarks.MakeBatch(16);
        while (_log.Size < LogBytes)
        {
            _log.AppendAsLeaderAsync(batch, 0).GetAwaiter().GetResult();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _log?.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>Returns bytes read; divide 256 MiB by the mean time for MB/s.</summary>
    [Benchmark]
    public long ReadWholeLog()
    {
        long offset = 0;
        long bytes = 0;
        while (offset < _log!.LogEndOffset)
        {
            using LogReadResult result = _log.Read(offset, FetchBytes);
            FileRegion region = result.Region!;
            region.CopyTo(_buffer);
            bytes += region.Length;
            offset = NextOffset(region);
        }

        return bytes;
    }

    // Offset after the last batch in the region: read from the copied header of the last batch.
    private long NextOffset(FileRegion region)
    {
        int at = 0;
        long next = region.FirstBatchBaseOffset;
        while (at < region.Length)
        {
            var header = KafkaNet.Protocol.Records.RecordBatchHeader.Read(_buffer.AsSpan(at));
            next = header.LastOffset + 1;
            at += (int)header.TotalSize;
        }

        return next;
    }
}
