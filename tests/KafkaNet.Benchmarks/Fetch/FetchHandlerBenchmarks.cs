using BenchmarkDotNet.Attributes;
using KafkaNet.Broker;
using KafkaNet.Broker.Handlers;
using KafkaNet.Broker.Network;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Benchmarks.Fetch;

/// <summary>
/// One Fetch v12 handled by the broker's own handler over a 32 MiB log of 1 KiB records, then
/// framed as the socket path frames it (log regions recorded, not copied). The allocated column
/// is what a fetch costs in managed memory; it should not grow with the bytes fetched.
/// </summary>
[MemoryDiagnoser]
public class FetchHandlerBenchmarks
{
    private const string Topic = "bench";
    private const int LogBytes = 32 * 1024 * 1024;
    private readonly ExternalSegments _external = [];
    private string _dir = "";
    private KafkaBroker? _broker;
    private FetchHandler? _handler;
    private RequestContext? _context;
    private FetchRequest? _request;
    private byte[] _frame = [];

    /// <summary>Partition and response max bytes: what one fetch returns.</summary>
    [Params(64 * 1024, 1024 * 1024, 8 * 1024 * 1024)]
    public int FetchBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _dir = Path.Combine(Path.GetTempPath(), "kafkanet-bench-" + Guid.NewGuid().ToString("N"));
        _broker = new KafkaBroker(new BrokerOptions { DataDirectory = _dir });
        _broker.Topics.Create(new TopicSpec(Topic, 1, 1, []), validateOnly: false);
        var log = _broker.Replicas!.Find(Topic, 0)!;
        byte[] batch = StorageAppendBenchmarks.MakeBatch(16);
        while (log.Size < LogBytes)
        {
            log.AppendAsLeaderAsync((byte[])batch.Clone(), 0).GetAwaiter().GetResult();
        }
        _handler = new FetchHandler();
        _context = new RequestContext(_broker, new RequestHeader { RequestApiKey = FetchRequest.ApiKey, RequestApiVersion = 12, ClientId = "bench" }, "bench-connection");
        var topic = new FetchRequest.FetchTopic { Topic = Topic };
        topic.Partitions.Add(new FetchRequest.FetchPartition { Partition = 0, FetchOffset = 0, PartitionMaxBytes = FetchBytes });
        _request = new FetchRequest { MaxWaitMs = 0, MinBytes = 1, MaxBytes = FetchBytes, SessionId = 0, SessionEpoch = -1 };
        _request.Topics.Add(topic);
        _frame = new byte[64 * 1024];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _broker?.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>Returns the bytes the response carries from the log.</summary>
    [Benchmark]
    public long FetchAndFrame()
    {
        var response = (LeasedResponse)_handler!.HandleAsync(_context!, _request!, CancellationToken.None).AsTask().GetAwaiter().GetResult()!;
        try
        {
            int inMemory = response.Size(12) - (int)response.ExternalLength;
            _external.Clear();
            var writer = new KafkaWriter(_frame.AsSpan(0, inMemory), _external);
            response.Write(ref writer, 12);
            return response.ExternalLength;
        }
        finally
        {
            response.Dispose();
        }
    }
}
