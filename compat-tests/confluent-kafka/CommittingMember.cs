using System.Diagnostics;
using Confluent.Kafka;

namespace KafkaNet.Compat.ConfluentKafka;

/// <summary>
/// A group member on its own thread that processes numbered records and synchronously commits what it
/// processed every few records. A careful member also commits when idle, when partitions are revoked
/// and before it closes; a careless one only every few records, so it leaves uncommitted work behind.
/// When it gives a partition up it reports the window it processed after its last successful commit.
/// </summary>
public sealed class CommittingMember : IDisposable
{
    private const int CommitEvery = 50;
    private static readonly TimeSpan MaxLifetime = TimeSpan.FromMinutes(3);
    private readonly IConsumer<string, string> _consumer;
    private readonly ProcessingLog _log;
    private readonly Thread _thread;
    private readonly Dictionary<TopicPartition, Tenure> _tenures = [];
    private readonly bool _careful;
    private volatile bool _stop;
    private int _owned;
    private Exception? _failure;

    public CommittingMember(ConsumerConfig config, string topic, ProcessingLog log, bool careful)
    {
        _log = log;
        _careful = careful;
        _consumer = new ConsumerBuilder<string, string>(config)
            .SetPartitionsAssignedHandler((_, partitions) =>
            {
                partitions.ForEach(p => _tenures[p] = new Tenure());
                Volatile.Write(ref _owned, _tenures.Count);
            })
            .SetPartitionsRevokedHandler((_, partitions) => GiveUp(partitions.Select(p => p.TopicPartition).ToList(), commitFirst: careful))
            .SetPartitionsLostHandler((_, partitions) => GiveUp(partitions.Select(p => p.TopicPartition).ToList(), commitFirst: false))
            .Build();
        _consumer.Subscribe(topic);
        _thread = new Thread(Run) { IsBackground = true, Name = "member " + config.ClientId };
        _thread.Start();
    }

    /// <summary>How many partitions the member owns, as its callbacks last set it.</summary>
    public int Owned => Volatile.Read(ref _owned);

    /// <summary>Stops polling, commits, closes (the revoke callback ends every tenure) and waits for the thread.</summary>
    public void Stop(TimeSpan within)
    {
        _stop = true;
        Assert.True(_thread.Join(within), "a member did not close in time");
        if (_failure is not null)
        {
            throw new InvalidOperationException("the member's thread failed", _failure);
        }
    }

    public void Dispose() => _consumer.Dispose();

    private void Run()
    {
        try
        {
            var clock = Stopwatch.StartNew();
            int sinceCommit = 0;
            while (!_stop && clock.Elapsed < MaxLifetime)
            {
                var result = _consumer.Consume(TimeSpan.FromMilliseconds(100));
                if (result is { IsPartitionEOF: false, Message: not null } && _tenures.TryGetValue(result.TopicPartition, out var tenure))
                {
                    _log.Processed(result.Partition.Value, result.Offset.Value, int.Parse(result.Message.Value));
                    tenure.Processed(result.Offset.Value);
                    sinceCommit++;
                }
                if (sinceCommit >= CommitEvery || (_careful && result is null && sinceCommit > 0))
                {
                    Commit(_tenures.Keys.ToList());
                    sinceCommit = 0;
                }
            }
            if (_careful)
            {
                Commit(_tenures.Keys.ToList());
            }
            _consumer.Close();
        }
        catch (Exception e) when (e is KafkaException or InvalidOperationException or FormatException)
        {
            _failure = e;
        }
    }

    /// <summary>Commits the processed position of each partition that moved since its last commit.</summary>
    private void Commit(List<TopicPartition> partitions)
    {
        var offsets = partitions
            .Where(p => _tenures.TryGetValue(p, out var t) && t.Next > t.CommittedNext)
            .Select(p => new TopicPartitionOffset(p, _tenures[p].Next))
            .ToList();
        if (offsets.Count == 0)
        {
            return;
        }
        try
        {
            _consumer.Commit(offsets);
            foreach (var offset in offsets)
            {
                _tenures[offset.TopicPartition].CommittedNext = offset.Offset.Value;
            }
            _log.Committed(succeeded: true);
        }
        catch (KafkaException)
        {
            // A commit refused during a rebalance leaves its records in the uncommitted window.
            _log.Committed(succeeded: false);
        }
    }

    private void GiveUp(List<TopicPartition> partitions, bool commitFirst)
    {
        if (commitFirst)
        {
            Commit(partitions);
        }
        foreach (var partition in partitions)
        {
            if (_tenures.Remove(partition, out var tenure) && tenure.First >= 0)
            {
                _log.Uncommitted(partition.Partition.Value, Math.Max(tenure.First, tenure.CommittedNext), tenure.Next);
            }
        }
        Volatile.Write(ref _owned, _tenures.Count);
    }

    /// <summary>One continuous ownership of a partition: first offset processed, next to process, next committed.</summary>
    private sealed class Tenure
    {
        public long First { get; private set; } = -1;

        public long Next { get; private set; } = -1;

        public long CommittedNext { get; set; } = -1;

        public void Processed(long offset)
        {
            if (First < 0)
            {
                First = offset;
            }
            Next = offset + 1;
        }
    }
}
