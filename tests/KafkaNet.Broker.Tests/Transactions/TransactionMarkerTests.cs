using System.Buffers.Binary;
using Confluent.Kafka;
using KafkaNet.Broker.Tests.Network;
using KafkaNet.Broker.Topics;
using KafkaNet.Embedded;
using KafkaNet.Protocol.Messages;
using KafkaNet.Protocol.Records;
using static KafkaNet.Broker.Tests.Transactions.TransactionWire;

namespace KafkaNet.Broker.Tests.Transactions;

/// <summary>Transactions over data partitions end with markers in those partitions, written by the coordinator or by WriteTxnMarkers.</summary>
public sealed class TransactionMarkerTests
{
    private const short AbortMarker = 0;
    private const short CommitMarker = 1;
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task EndTxn_writes_a_marker_to_each_partition_before_completing()
    {
        await using var kafka = await StartWithOrdersAsync();
        using var session = await WireSession.OpenAsync(kafka.Port);
        var (pid, epoch) = await BeginAsync(session, "app");
        await AddPartitionsAsync(session, 0, "app", pid, epoch, ("orders", 0), ("orders", 1));

        Assert.Equal(0, (await EndAsync(session, 1, "app", pid, epoch, commit: true)).ErrorCode);

        await WaitForStateAsync(session, "app", "CompleteCommit");
        Assert.Equal((pid, epoch, CommitMarker), LastMarker(kafka, "orders", 0));
        Assert.Equal((pid, epoch, CommitMarker), LastMarker(kafka, "orders", 1));
    }

    [Fact]
    public async Task WriteTxnMarkers_appends_the_requested_marker_to_a_data_partition()
    {
        await using var kafka = await StartWithOrdersAsync();
        using var session = await WireSession.OpenAsync(kafka.Port);

        var response = await session.SendAsync<WriteTxnMarkersResponse>(WriteTxnMarkersRequest.ApiKey, 0, new WriteTxnMarkersRequest
        {
            Markers = [TransactionAdminWireTests.Marker(42, commit: false, ("orders", 1))],
        }, flexible: false);

        Assert.Equal(0, response.Markers.Single().Topics.Single().Partitions.Single().ErrorCode);
        Assert.Equal((42L, (short)0, AbortMarker), LastMarker(kafka, "orders", 1));
    }

    [Fact]
    public async Task A_Confluent_producer_runs_transaction_after_transaction()
    {
        await using var kafka = await StartWithOrdersAsync();
        using var producer = new ProducerBuilder<Null, string>(new ProducerConfig
        {
            BootstrapServers = kafka.BootstrapServers,
            TransactionalId = "serial",
            SocketTimeoutMs = 10000,
            LingerMs = 1,
        }).Build();
        producer.InitTransactions(ClientTimeout);
        var states = new List<string>();

        for (int round = 0; round < 4; round++)
        {
            producer.BeginTransaction();
            producer.Produce(new Confluent.Kafka.TopicPartition("orders", round % 2), new Message<Null, string> { Value = $"r{round}" });
            producer.Flush(ClientTimeout);
            bool commit = round != 2;
            if (commit)
            {
                producer.CommitTransaction(ClientTimeout);
            }
            else
            {
                producer.AbortTransaction(ClientTimeout);
            }
            using var session = await WireSession.OpenAsync(kafka.Port);
            states.Add((await WaitForStateAsync(session, "serial", commit ? "CompleteCommit" : "CompleteAbort")).TransactionState);
        }

        Assert.Equal(["CompleteCommit", "CompleteCommit", "CompleteAbort", "CompleteCommit"], states);
        var described = kafka.Broker.Transactions.Describe("serial");
        Assert.Equal((short)0, described.ProducerEpoch);
        Assert.Equal((described.ProducerId, (short)0, CommitMarker), LastMarker(kafka, "orders", 1));
        Assert.Equal(["r0", "r1", "r3"], ReadCommitted(kafka, expected: 3));
    }

    [Fact]
    public async Task A_second_producer_aborts_the_open_transaction_of_the_first_and_fences_it()
    {
        await using var kafka = await StartWithOrdersAsync();
        using var zombie = Producer(kafka);
        zombie.InitTransactions(ClientTimeout);
        zombie.BeginTransaction();
        zombie.Produce(new Confluent.Kafka.TopicPartition("orders", 0), new Message<Null, string> { Value = "zombie" });
        zombie.Flush(ClientTimeout);

        using var successor = Producer(kafka);
        successor.InitTransactions(ClientTimeout); // CONCURRENT_TRANSACTIONS until the abort's markers are written, then epoch 2

        var fenced = Assert.ThrowsAny<KafkaException>(() => zombie.CommitTransaction(ClientTimeout));
        Assert.True(fenced.Error.IsFatal, fenced.Error.ToString());
        var described = kafka.Broker.Transactions.Describe("shared");
        Assert.Equal(("Empty", (short)2), (described.State, described.ProducerEpoch));
        Assert.Equal((described.ProducerId, (short)1, AbortMarker), LastMarker(kafka, "orders", 0));
    }

    /// <summary>What a read_committed consumer sees of both partitions of "orders" (bounded in polls and time), sorted.</summary>
    private static List<string> ReadCommitted(EmbeddedKafka kafka, int expected)
    {
        using var consumer = new ConsumerBuilder<Ignore, string>(new ConsumerConfig
        {
            BootstrapServers = kafka.BootstrapServers,
            GroupId = "reader",
            IsolationLevel = IsolationLevel.ReadCommitted,
            EnableAutoCommit = false,
            SocketTimeoutMs = 10000,
        }).Build();
        consumer.Assign([new TopicPartitionOffset("orders", 0, Offset.Beginning), new TopicPartitionOffset("orders", 1, Offset.Beginning)]);
        var values = new List<string>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (int polls = 0; polls < 1000 && values.Count < expected && clock.Elapsed < ClientTimeout; polls++)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { Message: not null } result)
            {
                values.Add(result.Message.Value);
            }
        }
        // A little longer, so an aborted record that would leak has its chance to arrive.
        for (int polls = 0; polls < 5; polls++)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { Message: not null } result)
            {
                values.Add(result.Message.Value);
            }
        }
        consumer.Close();
        return values.Order(StringComparer.Ordinal).ToList();
    }

    private static IProducer<Null, string> Producer(EmbeddedKafka kafka) => new ProducerBuilder<Null, string>(new ProducerConfig
    {
        BootstrapServers = kafka.BootstrapServers,
        TransactionalId = "shared",
        SocketTimeoutMs = 10000,
        LingerMs = 1,
    }).Build();

    private static async Task<EmbeddedKafka> StartWithOrdersAsync()
    {
        var kafka = await StartAsync();
        kafka.CreateTopic(new TopicSpec("orders", 2, 1, []));
        return kafka;
    }

    /// <summary>The producer id, epoch and control type (0 abort, 1 commit) of the partition's last batch, which must be a marker.</summary>
    private static (long ProducerId, short Epoch, short Type) LastMarker(EmbeddedKafka kafka, string topic, int partition)
    {
        var log = kafka.Broker.Replicas!.Find(topic, partition)!;
        using var read = log.Read(log.LogStartOffset, 16 * 1024 * 1024);
        ReadOnlyMemory<byte> bytes = read.Region!.ToArray();
        RecordBatch last = default;
        while (!bytes.IsEmpty && RecordBatch.TryRead(bytes, out var batch) == RecordBatchValidationResult.Ok)
        {
            last = batch;
            bytes = bytes[batch.Memory.Length..];
        }
        Assert.True(last.Header.IsControl && last.Header.IsTransactional, "the last batch is not a transaction marker");
        foreach (var record in last.GetRecords())
        {
            return (last.Header.ProducerId, last.Header.ProducerEpoch, BinaryPrimitives.ReadInt16BigEndian(record.Key[2..]));
        }
        throw new InvalidOperationException("a marker batch without its record");
    }
}
