using BenchmarkDotNet.Attributes;
using KafkaNet.Storage;

namespace KafkaNet.Benchmarks;

/// <summary>
/// Durable appends of 16 KiB batches with more or fewer appends in flight: one operation is one
/// round of <see cref="InFlight"/> appends, so throughput is InFlight x 16 KiB / mean. Group commit
/// lets every append of a round share an fsync, so more producers at once means more bytes per fsync.
/// </summary>
[MemoryDiagnoser]
public class StorageGroupCommitBenchmarks
{
    private const int BatchBytes = 16 * 1024;
    private Task<LogAppendInfo>[] _pending = [];
    private byte[] _batch = [];
    private string _dir = "";
    private PartitionLog? _log;

    [Params(64, 256, 1024)]
    public int InFlight { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _dir = Path.Combine(Path.GetTempPath(), "kafkanet-bench-" + Guid.NewGuid().ToString("N"));
        _log = PartitionLog.Open(Path.Combine(_dir, "bench-0"), new LogConfig { Durable = true });
        _pending = new Task<LogAppendInfo>[InFlight];
        _batch = StorageAppendBenchmarks.MakeBatch(BatchBytes / 1024);
    }

    [IterationCleanup]
    public void DropOldSegments() => _log!.DeleteRecordsBefore(_log.LogEndOffset);

    [GlobalCleanup]
    public void Cleanup()
    {
        _log?.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>The write is done when the append returns (only the fsync is awaited), so one buffer serves every append.</summary>
    [Benchmark]
    public async Task DurableRound()
    {
        for (int i = 0; i < _pending.Length; i++)
        {
            _pending[i] = _log!.AppendAsLeaderAsync(_batch, 0);
        }
        for (int i = 0; i < _pending.Length; i++)
        {
            await _pending[i].ConfigureAwait(false);
        }
    }
}
