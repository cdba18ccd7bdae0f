using BenchmarkDotNet.Attributes;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Benchmarks.Protocol;

/// <summary>
/// Decode and encode of a Produce v9 request carrying one batch. Record bytes are sliced, never
/// copied, so allocations must not grow with <see cref="RecordBytes"/>.
/// </summary>
[MemoryDiagnoser]
public class ProduceRequestBenchmarks
{
    private const short Version = 9;
    private byte[] _encoded = [];
    private byte[] _output = [];
    private ProduceRequest _request = null!;

    [Params(16 * 1024, 1024 * 1024)]
    public int RecordBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _request = new ProduceRequest { Acks = -1, TimeoutMs = 30000 };
        var topic = new ProduceRequest.TopicProduceData { Name = "benchmark-topic" };
        topic.PartitionData.Add(new ProduceRequest.PartitionProduceData { Index = 0, Records = SampleBatches.Build(RecordBytes) });
        _request.TopicData.Add(topic);
        _encoded = new byte[_request.Size(Version)];
        var writer = new KafkaWriter(_encoded);
        _request.Write(ref writer, Version);
        _output = new byte[_encoded.Length];
    }

    [Benchmark]
    public int Decode()
    {
        var reader = new KafkaReader(_encoded);
        var request = ProduceRequest.Read(ref reader, Version);
        return request.TopicData.Count;
    }

    [Benchmark]
    public int Encode()
    {
        var writer = new KafkaWriter(_output.AsSpan(0, _request.Size(Version)));
        _request.Write(ref writer, Version);
        return writer.Position;
    }
}
