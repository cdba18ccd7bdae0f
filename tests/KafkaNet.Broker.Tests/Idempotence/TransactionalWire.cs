using KafkaNet.Broker.Handlers;
using KafkaNet.Broker.Tests.Network;
using KafkaNet.Broker.Topics;
using KafkaNet.Embedded;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.Storage;

namespace KafkaNet.Broker.Tests.Idempotence;

/// <summary>
/// A broker with topics and one raw socket to it: Produce, Fetch and ListOffsets, and transaction markers written as
/// the coordinator writes them.
/// </summary>
internal sealed class TransactionalWire : IAsyncDisposable
{
    private readonly bool _owner;

    private TransactionalWire(EmbeddedKafka kafka, WireSession session, bool owner)
    {
        Kafka = kafka;
        Session = session;
        _owner = owner;
    }

    public EmbeddedKafka Kafka { get; }

    public WireSession Session { get; }

    /// <summary>A broker with <paramref name="produce"/> in place of its own produce handler, if given, and the topics.</summary>
    public static async Task<TransactionalWire> StartAsync(ProduceHandler? produce, params (string Name, int Partitions)[] topics)
    {
        var kafka = await EmbeddedKafka.StartAsync(new EmbeddedKafkaOptions
        {
            Handlers = produce is null ? null : KafkaBroker.DefaultHandlers().Where(h => h is not ProduceHandler).Append(produce),
        });
        foreach (var (name, partitions) in topics)
        {
            kafka.CreateTopic(new TopicSpec(name, partitions, 1, []));
        }
        return new TransactionalWire(kafka, await WireSession.OpenAsync(kafka.Port), owner: true);
    }

    /// <summary>
    /// A produce path that lets every transactional batch through verification, for tests of what transactional data
    /// does in the log rather than of the coordinator's bookkeeping.
    /// </summary>
    public static ProduceHandler Unverified() => new(static (_, _, _, _, _, _, _) => ValueTask.FromResult(ErrorCode.None));

    /// <summary>Another socket to the same broker, for requests while this one waits on a long poll.</summary>
    public async Task<TransactionalWire> OpenAnotherAsync() => new(Kafka, await WireSession.OpenAsync(Kafka.Port), owner: false);

    public PartitionLog Log(string topic, int partition = 0) => Kafka.Broker.Replicas!.Find(topic, partition)!;

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
                    TopicId = Kafka.Broker.Topics.Find(topic)?.TopicId ?? Guid.NewGuid(),
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
        Kafka.Broker.Replicas!.NotifyAppended(topic, partition);
    }

    public static void AssertNoError(short errorCode) => Assert.Equal(ErrorCode.None, (ErrorCode)errorCode);

    /// <summary>Closes the socket; the broker stops with the wire that started it, not with one opened beside it.</summary>
    public async ValueTask DisposeAsync()
    {
        Session.Dispose();
        if (_owner)
        {
            await Kafka.DisposeAsync();
        }
    }
}
