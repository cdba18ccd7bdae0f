using KafkaNet.Broker.Handlers;
using KafkaNet.Broker.Tests.Network;
using KafkaNet.Embedded;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.Storage;

namespace KafkaNet.Broker.Tests.Idempotence;

/// <summary>Produce, Fetch and ListOffsets over one raw socket, and transaction markers written as the coordinator writes them.</summary>
internal sealed class TransactionalWire : IDisposable
{
    private readonly EmbeddedKafka _kafka;

    private TransactionalWire(EmbeddedKafka kafka, WireSession session)
    {
        _kafka = kafka;
        Session = session;
    }

    public WireSession Session { get; }

    public static async Task<TransactionalWire> OpenAsync(EmbeddedKafka kafka) => new(kafka, await WireSession.OpenAsync(kafka.Port));

    /// <summary>
    /// A broker whose produce path lets every transactional batch through verification, for tests of what
    /// transactional data does in the log rather than of the coordinator's bookkeeping.
    /// </summary>
    public static Task<EmbeddedKafka> StartUnverifiedAsync() => EmbeddedKafka.StartAsync(new EmbeddedKafkaOptions
    {
        Handlers = KafkaBroker.DefaultHandlers()
            .Where(h => h is not ProduceHandler)
            .Append(new ProduceHandler(static (_, _, _, _, _, _) => ErrorCode.None)),
    });

    public PartitionLog Log(string topic, int partition = 0) => _kafka.Broker.Replicas!.Find(topic, partition)!;

    public async Task<ProduceResponse> ProduceAsync(ProduceRequest request, short version = 9) =>
        await Session.SendAsync<ProduceResponse>(ProduceRequest.ApiKey, version, request, flexible: version >= 9);

    /// <summary>The response of the request's only partition.</summary>
    public async Task<ProduceResponse.PartitionProduceResponse> ProduceOneAsync(ProduceRequest request, short version = 9) =>
        Assert.Single(Assert.Single((await ProduceAsync(request, version)).Responses).PartitionResponses);

    public async Task<FetchResponse.PartitionData> FetchAsync(
        string topic, long offset, bool readCommitted, short version = 11, int partition = 0, int maxWaitMs = 0, int minBytes = 0)
    {
        var request = new FetchRequest
        {
            ReplicaId = -1,
            MaxWaitMs = maxWaitMs,
            MinBytes = minBytes,
            MaxBytes = 1 << 20,
            IsolationLevel = (sbyte)(readCommitted ? 1 : 0),
            SessionEpoch = -1,
            Topics =
            [
                new()
                {
                    Topic = topic,
                    TopicId = _kafka.Broker.Topics.Find(topic)?.TopicId ?? Guid.NewGuid(),
                    Partitions = [new() { Partition = partition, FetchOffset = offset, PartitionMaxBytes = 1 << 20 }],
                },
            ],
        };
        var response = await Session.SendAsync<FetchResponse>(FetchRequest.ApiKey, version, request, flexible: version >= 12);
        return Assert.Single(Assert.Single(response.Responses).Partitions);
    }

    public async Task<ListOffsetsResponse.ListOffsetsPartitionResponse> ListOffsetAsync(string topic, long timestamp, bool readCommitted, short version = 5)
    {
        var request = new ListOffsetsRequest
        {
            ReplicaId = -1,
            IsolationLevel = (sbyte)(readCommitted ? 1 : 0),
            Topics = [new() { Name = topic, Partitions = [new() { PartitionIndex = 0, Timestamp = timestamp }] }],
        };
        var response = await Session.SendAsync<ListOffsetsResponse>(ListOffsetsRequest.ApiKey, version, request, flexible: version >= 6);
        return Assert.Single(Assert.Single(response.Topics).Partitions);
    }

    /// <summary>Ends the producer's transaction on the partition with a marker, as the transaction coordinator does.</summary>
    public async Task EndTransactionAsync(string topic, long producerId, short epoch, bool commit, int partition = 0)
    {
        await Log(topic, partition).AppendEndTxnMarkerAsync(producerId, epoch, coordinatorEpoch: 0, commit, leaderEpoch: 0);
        _kafka.Broker.Replicas!.NotifyAppended(topic, partition);
    }

    public static void AssertNoError(short errorCode) => Assert.Equal(ErrorCode.None, (ErrorCode)errorCode);

    public void Dispose() => Session.Dispose();
}
