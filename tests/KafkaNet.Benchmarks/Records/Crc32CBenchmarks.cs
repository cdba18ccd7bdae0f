using System.IO.Hashing;
using BenchmarkDotNet.Attributes;
using KafkaNet.Protocol.Records;

namespace KafkaNet.Benchmarks.Records;

/// <summary>
/// CRC-32C implementations side by side; throughput is <see cref="Bytes"/> divided by the mean.
/// <see cref="Crc32C.Compute"/> is what batches use: folding interleaved with three streams, or the best path below it.
/// </summary>
[MinColumn]
public class Crc32CBenchmarks
{
    private byte[] _data = [];

    [Params(1024, 16 * 1024, 1024 * 1024)]
    public int Bytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = new byte[Bytes];
        new Random(42).NextBytes(_data);
    }

    [Benchmark(Baseline = true)]
    public uint SystemIoHashing() => Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, _data);

    [Benchmark]
    public uint OneStream() => Crc32C.Scalar(~0u, _data);

    [Benchmark]
    public uint ThreeStreams() => Crc32C.ThreeStreams(~0u, _data);

    [Benchmark]
    public uint Folding256() => Crc32CFolding.Fold(~0u, _data);

    [Benchmark]
    public uint Chosen() => Crc32C.Compute(_data);
}
