using Confluent.Kafka;

namespace KafkaNet.Cli.Perf;

/// <summary>Wraps every N records sent in one transaction: commit, then begin the next.</summary>
internal sealed class TransactionCadence(IProducer<Null, byte[]> producer, int size)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private int _inTransaction;

    public int Committed { get; private set; }

    public void Start()
    {
        producer.InitTransactions(Patience);
        producer.BeginTransaction();
    }

    /// <summary>After each record; commits (which waits for its deliveries) once the transaction is full.</summary>
    public void Sent()
    {
        if (++_inTransaction < size)
        {
            return;
        }
        producer.CommitTransaction(Patience);
        Committed++;
        _inTransaction = 0;
        producer.BeginTransaction();
    }

    /// <summary>Commits what the last transaction holds, or aborts it when empty.</summary>
    public void Finish()
    {
        if (_inTransaction == 0)
        {
            producer.AbortTransaction(Patience);
            return;
        }
        producer.CommitTransaction(Patience);
        Committed++;
    }
}
