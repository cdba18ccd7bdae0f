using BenchmarkDotNet.Attributes;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Benchmarks.Protocol;

/// <summary>Decode and encode of a Fetch v12 response with one partition of records.</summary>
[MemoryDiagnoser]
public class FetchResponseBenchmarks
{
    private const short Version = 12;
    private byte[] _encoded = [];
    private byte[] _output = [];
    private FetchResponse _response = null!;

    [Params(16 * 1024, 1024 * 1024)]
    public int RecordBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _response = new FetchResponse { SessionId = 1 };
        var topic = new FetchResponse.FetchableTopicResponse { Topic = "benchmark-topic" };
        topic.Partitions.Add(new FetchResponse.PartitionData
        {
            PartitionIndex = 0,
            HighWatermark = 1000,
            LastStableOffset = 1000,
            LogStartOffset = 0,
            Records = SampleBatches.Build(RecordBytes),
        });
        _response.Responses.Add(topic);
        _encoded = new byte[_response.Size(Version)];
        var writer = new KafkaWriter(_encoded);
        _response.Write(ref writer, Version);
        _output = new byte[_encoded.Length];
    }

    [Benchmark]
    public int Decode()
    {
        var reader = new KafkaReader(_encoded);
        var response = FetchResponse.Read(ref reader, Version);
        return response.Responses.Count;
    }

    [Benchmark]
    public int Encode()
    {
        var writer = new KafkaWriter(_output.AsSpan(0, _response.Size(Version)));
        _response.Write(ref writer, Version);
        return writer.Position;
    }
}
