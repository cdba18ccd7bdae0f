using Confluent.Kafka;

namespace KafkaNet.Compat.ConfluentKafka;

/// <summary>
/// librdkafka's idempotent and transactional producers (InitProducerId, AddPartitionsToTxn, AddOffsetsToTxn,
/// TxnOffsetCommit, EndTxn) and its consumers in both isolation levels.
/// </summary>
[Collection(BrokerCollection.Name)]
public sealed class TransactionTests(BrokerFixture broker)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task An_idempotent_producer_writes_every_record_once_and_in_order()
    {
        string topic = await broker.CreateTopicAsync("idempotent", partitions: 3);
        var config = broker.ProducerConfig();
        config.EnableIdempotence = true;
        using (var producer = new ProducerBuilder<string, string>(config).Build())
        {
            for (int i = 0; i < 10_000; i++)
            {
                producer.Produce(new TopicPartition(topic, i % 3), new Message<string, string> { Key = "k", Value = (i / 3).ToString(System.Globalization.CultureInfo.InvariantCulture) });
            }
            Assert.Equal(0, producer.Flush(Patience));
        }

        using var consumer = Consumer(IsolationLevel.ReadUncommitted);
        consumer.Assign(Enumerable.Range(0, 3).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var records = BrokerFixture.ConsumeMany(consumer, 10_000);
        Assert.Equal(10_000, records.Count);
        foreach (var partition in records.GroupBy(r => r.Partition.Value))
        {
            // Each partition holds 0, 1, 2... at offsets 0, 1, 2...: nothing twice, nothing missing, nothing reordered.
            Assert.All(partition, r => Assert.Equal(r.Offset.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Message.Value));
        }
    }

    [Fact]
    public async Task Read_committed_sees_committed_transactions_only_and_read_uncommitted_sees_all()
    {
        string topic = await broker.CreateTopicAsync("txn-mixed", partitions: 2);
        using (var producer = TransactionalProducer("mixed-" + topic))
        {
            producer.InitTransactions(Patience);
            foreach (var (prefix, commit) in new[] { ("c1", true), ("a1", false), ("c2", true), ("a2", false) })
            {
                producer.BeginTransaction();
                for (int i = 0; i < 10; i++)
                {
                    producer.Produce(new TopicPartition(topic, i % 2), new Message<string, string> { Key = prefix, Value = $"{prefix}-{i}" });
                }
                if (commit)
                {
                    producer.CommitTransaction(Patience);
                }
                else
                {
                    // Delivered first: an abort purges what librdkafka has not sent yet, and these must be in the log.
                    Assert.Equal(0, producer.Flush(Patience));
                    producer.AbortTransaction(Patience);
                }
            }
        }

        Assert.Equal(
            Expected("c1", "c2"),
            Values(ReadAll(topic, 2, IsolationLevel.ReadCommitted, expected: 20)));
        Assert.Equal(
            Expected("a1", "a2", "c1", "c2"),
            Values(ReadAll(topic, 2, IsolationLevel.ReadUncommitted, expected: 40)));
    }

    [Fact]
    public async Task Read_committed_stops_at_an_open_transaction_until_it_commits()
    {
        string topic = await broker.CreateTopicAsync("txn-open");
        using var producer = TransactionalProducer("open-" + topic);
        producer.InitTransactions(Patience);
        producer.BeginTransaction();
        for (int i = 0; i < 5; i++)
        {
            producer.Produce(topic, new Message<string, string> { Key = "k", Value = "open-" + i });
        }
        Assert.Equal(0, producer.Flush(Patience));

        using var committed = Consumer(IsolationLevel.ReadCommitted);
        committed.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        Assert.Empty(BrokerFixture.ConsumeMany(committed, 1, TimeSpan.FromSeconds(3)));
        using var uncommitted = Consumer(IsolationLevel.ReadUncommitted);
        uncommitted.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        Assert.Equal(5, BrokerFixture.ConsumeMany(uncommitted, 5).Count);

        producer.CommitTransaction(Patience);
        Assert.Equal(5, BrokerFixture.ConsumeMany(committed, 5).Count);
    }

    [Fact]
    public async Task Consume_transform_produce_copies_every_record_once_and_commits_the_offsets_with_the_transaction()
    {
        string input = await broker.CreateTopicAsync("ctp-in", partitions: 3);
        string output = await broker.CreateTopicAsync("ctp-out", partitions: 3);
        string group = "ctp-" + input;
        ProducePlain(input, 3, perPartition: 500);

        using (var producer = TransactionalProducer("ctp-" + input))
        using (var consumer = GroupConsumer(group))
        {
            producer.InitTransactions(Patience);
            consumer.Subscribe(input);
            int copied = 0;
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
            while (copied < 1500 && DateTime.UtcNow < deadline)
            {
                var batch = Poll(consumer, max: 100);
                if (batch.Count == 0)
                {
                    continue;
                }
                producer.BeginTransaction();
                foreach (var record in batch)
                {
                    producer.Produce(new TopicPartition(output, record.Partition), new Message<string, string> { Key = record.Message.Key, Value = "copy-" + record.Message.Value });
                }
                producer.SendOffsetsToTransaction(NextOffsets(batch), consumer.ConsumerGroupMetadata, Patience);
                producer.CommitTransaction(Patience);
                copied += batch.Count;
            }
            Assert.Equal(1500, copied);
            consumer.Close();
        }

        using (var admin = broker.Admin())
        {
            var offsets = await admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions(group, Enumerable.Range(0, 3).Select(p => new TopicPartition(input, p)).ToList())]);
            Assert.All(offsets.Single().Partitions, p => Assert.Equal(500, p.Offset.Value));
        }
        var copies = Values(ReadAll(output, 3, IsolationLevel.ReadCommitted, expected: 1500));
        Assert.Equal(1500, copies.Count);
        Assert.Equal(1500, copies.Distinct().Count());
    }

    [Fact]
    public async Task An_aborted_transaction_leaves_the_group_offsets_where_they_were()
    {
        string input = await broker.CreateTopicAsync("abort-offsets-in");
        string output = await broker.CreateTopicAsync("abort-offsets-out");
        string group = "abort-offsets-" + input;
        ProducePlain(input, 1, perPartition: 20);

        using (var producer = TransactionalProducer("abort-" + input))
        using (var consumer = GroupConsumer(group))
        {
            producer.InitTransactions(Patience);
            consumer.Subscribe(input);
            var first = Poll(consumer, max: 20, atLeast: 20);
            Assert.Equal(20, first.Count);
            producer.BeginTransaction();
            producer.Produce(output, new Message<string, string> { Key = "k", Value = "aborted" });
            producer.SendOffsetsToTransaction(NextOffsets(first), consumer.ConsumerGroupMetadata, Patience);
            producer.AbortTransaction(Patience);
            consumer.Close();
        }

        using var admin = broker.Admin();
        var offsets = await admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions(group, [new TopicPartition(input, 0)])]);
        Assert.Equal(Offset.Unset, offsets.Single().Partitions.Single().Offset);
        Assert.Empty(ReadAll(output, 1, IsolationLevel.ReadCommitted, expected: 1, wait: TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public async Task A_second_producer_with_the_same_transactional_id_fences_the_first()
    {
        string topic = await broker.CreateTopicAsync("fence");
        string id = "fence-" + topic;
        using var zombie = TransactionalProducer(id);
        zombie.InitTransactions(Patience);
        zombie.BeginTransaction();
        zombie.Produce(topic, new Message<string, string> { Key = "k", Value = "zombie" });
        Assert.Equal(0, zombie.Flush(Patience));

        using (var live = TransactionalProducer(id))
        {
            live.InitTransactions(Patience);
            live.BeginTransaction();
            live.Produce(topic, new Message<string, string> { Key = "k", Value = "live" });
            live.CommitTransaction(Patience);
        }

        var error = Assert.ThrowsAny<KafkaException>(() => zombie.CommitTransaction(Patience));
        Assert.True(error.Error.IsFatal || error.Error.Code is ErrorCode.ProducerFenced or ErrorCode.InvalidProducerEpoch, error.Error.ToString());
        Assert.Equal(["live"], Values(ReadAll(topic, 1, IsolationLevel.ReadCommitted, expected: 1)));
    }

    private IProducer<string, string> TransactionalProducer(string transactionalId)
    {
        var config = broker.ProducerConfig();
        config.TransactionalId = transactionalId;
        config.EnableIdempotence = true;
        config.TransactionTimeoutMs = 30000;
        return new ProducerBuilder<string, string>(config).Build();
    }

    private IConsumer<string, string> Consumer(IsolationLevel isolation) => new ConsumerBuilder<string, string>(new ConsumerConfig
    {
        BootstrapServers = broker.Bootstrap,
        GroupId = "kafkanet-compat-unused",
        EnableAutoCommit = false,
        EnableAutoOffsetStore = false,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        IsolationLevel = isolation,
        SocketTimeoutMs = 10000,
        FetchWaitMaxMs = 100,
    }).Build();

    private IConsumer<string, string> GroupConsumer(string group) => new ConsumerBuilder<string, string>(new ConsumerConfig
    {
        BootstrapServers = broker.Bootstrap,
        GroupId = group,
        EnableAutoCommit = false,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        IsolationLevel = IsolationLevel.ReadCommitted,
        SocketTimeoutMs = 10000,
        FetchWaitMaxMs = 100,
    }).Build();

    private void ProducePlain(string topic, int partitions, int perPartition)
    {
        using var producer = new ProducerBuilder<string, string>(broker.ProducerConfig()).Build();
        for (int p = 0; p < partitions; p++)
        {
            for (int i = 0; i < perPartition; i++)
            {
                producer.Produce(new TopicPartition(topic, p), new Message<string, string> { Key = "k" + p, Value = $"p{p}-{i}" });
            }
        }
        Assert.Equal(0, producer.Flush(Patience));
    }

    /// <summary>Polls up to <paramref name="max"/> records; waits up to 10 s for the first and for <paramref name="atLeast"/>.</summary>
    private static List<ConsumeResult<string, string>> Poll(IConsumer<string, string> consumer, int max, int atLeast = 1)
    {
        var batch = new List<ConsumeResult<string, string>>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (batch.Count < max && DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(batch.Count >= atLeast ? 50 : 200));
            if (result is { IsPartitionEOF: false, Message: not null })
            {
                batch.Add(result);
            }
            else if (batch.Count >= atLeast)
            {
                break;
            }
        }
        return batch;
    }

    private static List<TopicPartitionOffset> NextOffsets(List<ConsumeResult<string, string>> batch) =>
        [.. batch.GroupBy(r => r.TopicPartition).Select(g => new TopicPartitionOffset(g.Key, g.Max(r => r.Offset.Value) + 1))];

    private List<ConsumeResult<string, string>> ReadAll(string topic, int partitions, IsolationLevel isolation, int expected, TimeSpan? wait = null)
    {
        using var consumer = Consumer(isolation);
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var records = BrokerFixture.ConsumeMany(consumer, expected, wait ?? Patience);
        // Anything beyond what was expected would show within another second.
        records.AddRange(BrokerFixture.ConsumeMany(consumer, 1, TimeSpan.FromSeconds(1)));
        return records;
    }

    private static List<string> Values(List<ConsumeResult<string, string>> records) =>
        [.. records.Select(r => r.Message.Value).Order(StringComparer.Ordinal)];

    private static List<string> Expected(params string[] prefixes) =>
        [.. prefixes.SelectMany(p => Enumerable.Range(0, 10).Select(i => $"{p}-{i}")).Order(StringComparer.Ordinal)];
}
