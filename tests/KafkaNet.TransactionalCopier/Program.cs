// Copies every record of an input topic to the same partition of an output topic in transactions, committing the
// group's input offsets inside each transaction (consume-transform-produce, like Kafka's TransactionalMessageCopier).
// The exactly-once crash tests kill it and the broker at random moments and restart both.
// Usage: copier <bootstrap> <input> <output> <group> <transactional-id> <transaction-size>
// Prints "committed <records>" after each transaction; exits 3 on a fatal error (fenced, for example).
using System.Globalization;
using Confluent.Kafka;

if (args.Length != 6)
{
    Console.Error.WriteLine("usage: copier <bootstrap> <input> <output> <group> <transactional-id> <transaction-size>");
    return 2;
}

string bootstrap = args[0], input = args[1], output = args[2], group = args[3], transactionalId = args[4];
int transactionSize = int.Parse(args[5], CultureInfo.InvariantCulture);
var patience = TimeSpan.FromSeconds(60);

using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig
{
    BootstrapServers = bootstrap,
    TransactionalId = transactionalId,
    EnableIdempotence = true,
    TransactionTimeoutMs = 20000,
    MessageTimeoutMs = 20000,
    SocketTimeoutMs = 10000,
    LingerMs = 5,
}).Build();
using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
{
    BootstrapServers = bootstrap,
    GroupId = group,
    // Static membership: a restarted copier takes its predecessor's place at once instead of waiting out its session.
    GroupInstanceId = transactionalId,
    SessionTimeoutMs = 10000,
    EnableAutoCommit = false,
    AutoOffsetReset = AutoOffsetReset.Earliest,
    IsolationLevel = IsolationLevel.ReadCommitted,
    SocketTimeoutMs = 10000,
    FetchWaitMaxMs = 100,
}).Build();

try
{
    producer.InitTransactions(patience);
    consumer.Subscribe(input);
    var batch = new List<ConsumeResult<byte[], byte[]>>(transactionSize);
    while (true)
    {
        batch.Clear();
        var result = consumer.Consume(TimeSpan.FromMilliseconds(500));
        while (result is { Message: not null })
        {
            batch.Add(result);
            if (batch.Count == transactionSize)
            {
                break;
            }
            result = consumer.Consume(TimeSpan.Zero);
        }
        if (batch.Count == 0)
        {
            continue;
        }
        if (CopyInTransaction(batch))
        {
            Console.WriteLine($"committed {batch.Count}");
        }
        else
        {
            Rewind();
        }
    }
}
catch (KafkaException e)
{
    Console.Error.WriteLine($"fatal: {e.Error.Code} {e.Error.Reason}");
    return 3;
}

// True when committed; false when the transaction was aborted and the input must be read again.
bool CopyInTransaction(List<ConsumeResult<byte[], byte[]>> records)
{
    try
    {
        producer.BeginTransaction();
        foreach (var record in records)
        {
            producer.Produce(new TopicPartition(output, record.Partition), new Message<byte[], byte[]> { Key = record.Message.Key, Value = record.Message.Value });
        }
        var next = records.GroupBy(r => r.TopicPartition).Select(g => new TopicPartitionOffset(g.Key, g.Max(r => r.Offset.Value) + 1)).ToList();
        producer.SendOffsetsToTransaction(next, consumer.ConsumerGroupMetadata, patience);
        Commit();
        return true;
    }
    catch (KafkaTxnRequiresAbortException e)
    {
        Console.Error.WriteLine($"aborting: {e.Error.Code} {e.Error.Reason}");
        producer.AbortTransaction(patience);
        return false;
    }
}

// librdkafka asks for a retriable commit failure to be retried with another commit call.
void Commit()
{
    for (int attempt = 1; ; attempt++)
    {
        try
        {
            producer.CommitTransaction(patience);
            return;
        }
        catch (KafkaRetriableException e) when (attempt < 10)
        {
            Console.Error.WriteLine($"retrying commit: {e.Error.Code} {e.Error.Reason}");
        }
    }
}

// Back to the group's committed offsets, so that what the aborted transaction consumed is copied again.
void Rewind()
{
    var assignment = consumer.Assignment;
    foreach (var committed in consumer.Committed(assignment, patience))
    {
        consumer.Seek(committed.Offset == Offset.Unset ? new TopicPartitionOffset(committed.TopicPartition, Offset.Beginning) : committed);
    }
}
