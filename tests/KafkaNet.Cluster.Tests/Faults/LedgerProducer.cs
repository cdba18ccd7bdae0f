using System.Collections.Concurrent;
using Confluent.Kafka;

namespace KafkaNet.Cluster.Tests.Faults;

/// <summary>
/// Writes numbered records (acks=all, idempotent) round-robin over the partitions until stopped, and keeps a ledger of
/// what the cluster acknowledged: value → (partition, offset). Values are never re-sent, so each is produced once.
/// </summary>
internal sealed class LedgerProducer
{
    private const int MaxInFlight = 64;
    private readonly string _bootstrap;
    private readonly string _topic;
    private readonly int _partitions;
    private readonly int _firstValue;
    private readonly ConcurrentQueue<string> _errors = new();
    private int _failed;
    private int _fatal;

    public LedgerProducer(string bootstrap, string topic, int partitions, int firstValue)
    {
        _bootstrap = bootstrap;
        _topic = topic;
        _partitions = partitions;
        _firstValue = firstValue;
    }

    public ConcurrentDictionary<int, TopicPartitionOffset> Acknowledged { get; } = new();

    public int Sent { get; private set; }

    public int Failed => Volatile.Read(ref _failed);

    public int FatalErrors => Volatile.Read(ref _fatal);

    /// <summary>Distinct error codes of failed deliveries, for the summary.</summary>
    public IEnumerable<string> Errors => _errors.Distinct();

    public async Task RunAsync(CancellationToken stop, TimeSpan flushTimeout)
    {
        int value = _firstValue;
        while (!stop.IsCancellationRequested)
        {
            // A fatal idempotence error makes a producer unusable; a fresh one carries on with new values.
            int broken = 0;
            using var producer = new ProducerBuilder<Null, string>(new ProducerConfig
            {
                BootstrapServers = _bootstrap, Acks = Acks.All, EnableIdempotence = true, MessageTimeoutMs = 60000, LingerMs = 5,
            }).SetErrorHandler((_, e) =>
            {
                if (e.IsFatal)
                {
                    Interlocked.Increment(ref _fatal);
                    Volatile.Write(ref broken, 1);
                    _errors.Enqueue("fatal " + e.Code);
                }
            }).Build();
            // Not disposed: a report after a timed-out flush still releases it.
            var inFlight = new SemaphoreSlim(MaxInFlight);
            while (!stop.IsCancellationRequested && Volatile.Read(ref broken) == 0)
            {
                try
                {
                    await inFlight.WaitAsync(stop);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                int v = value++;
                Sent++;
                var tp = new TopicPartition(_topic, v % _partitions);
                try
                {
                    producer.Produce(tp, new Message<Null, string> { Value = v.ToString(System.Globalization.CultureInfo.InvariantCulture) }, report =>
                    {
                        if (report.Error.Code == ErrorCode.NoError && report.Status == PersistenceStatus.Persisted)
                        {
                            Acknowledged[v] = report.TopicPartitionOffset;
                        }
                        else
                        {
                            Interlocked.Increment(ref _failed);
                            _errors.Enqueue(report.Error.Code.ToString());
                        }
                        inFlight.Release();
                    });
                }
                catch (ProduceException<Null, string> e)
                {
                    Interlocked.Increment(ref _failed);
                    _errors.Enqueue(e.Error.Code.ToString());
                    inFlight.Release();
                    await Task.Delay(50, CancellationToken.None);
                }
            }
            producer.Flush(flushTimeout);
        }
    }
}
