using System.Text;
using BenchmarkDotNet.Attributes;
using KafkaNet.Protocol.Records;
using KafkaNet.Storage;

namespace KafkaNet.Benchmarks;

/// <summary>
/// Appends of 1 KiB records in 16 KiB or 1 MiB batches, with the OS left to flush (default) or durable mode
/// (fsync before acknowledging, group commit across the appends in flight: 64, as from many producers). One operation is one batch.
/// </summary>
[MemoryDiagnoser]
public class StorageAppendBenchmarks
{
    private const int InFlight = 64;
    private readonly Task<LogAppendInfo>[] _pending = new Task<LogAppendInfo>[InFlight];
    private byte[][] _batches = [];
    private string _dir = "";
    private PartitionLog? _log;

    [Params(16 * 1024, 1024 * 1024)]
    public int BatchBytes { get; set; }

    [Params(false, true)]
    public bool Durable { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _dir = Path.Combine(Path.GetTempPath(), "kafkanet-bench-" + Guid.NewGuid().ToString("N"));
        _log = PartitionLog.Open(Path.Combine(_dir, "bench-0"), new LogConfig { Durable = Durable, MaxMessageBytes = 2 * 1024 * 1024 });
        _batches = new byte[InFlight][];
        for (int i = 0; i < InFlight; i++)
        {
            _batches[i] = MakeBatch(BatchBytes / 1024);
        }
    }

    [IterationCleanup]
    public void DropOldSegments() => _log!.DeleteRecordsBefore(_log.LogEndOffset);

    [GlobalCleanup]
    public void Cleanup()
    {
        _log?.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = InFlight)]
    public async Task Append()
    {
        for (int i = 0; i < InFlight; i++)
        {
            _pending[i] = _log!.AppendAsLeaderAsync(_batches[i], 0);
        }

        for (int i = 0; i < InFlight; i++)
        {
            await _pending[i].ConfigureAwait(false);
        }
    }

    internal static byte[] MakeBatch(int records)
    {
        using var builder = new RecordBatchBuilder();
        byte[] value = new byte[1024 - 16];
        Random.Shared.NextBytes(value);
        for (int i = 0; i < records; i++)
        {
            builder.Append(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), new NullableBytes(Encoding.UTF8.GetBytes("key-" + i)), new NullableBytes(value));
        }

        return builder.ToArray();
    }
}
