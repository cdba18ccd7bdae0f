using Confluent.Kafka;

namespace KafkaNet.Compat.ConfluentKafka;

/// <summary>
/// A group consumer that records its rebalance callbacks, what it owns and what it received.
/// Callbacks run inside Consume and Close, so whichever thread polls the member sees them.
/// </summary>
public sealed class GroupMember : IDisposable
{
    private readonly object _gate = new();
    private readonly HashSet<TopicPartition> _owned = [];
    private readonly List<TopicPartition> _assigned = [];
    private readonly List<TopicPartition> _revoked = [];
    private readonly List<ConsumeResult<string, string>> _received = [];
    private readonly List<Error> _errors = [];
    private int _assignedCalls;
    private int _revokedCalls;
    private int _lostCalls;
    private bool _closed;

    public GroupMember(ConsumerConfig config)
    {
        Consumer = new ConsumerBuilder<string, string>(config)
            .SetPartitionsAssignedHandler((_, partitions) => OnAssigned(partitions))
            .SetPartitionsRevokedHandler((_, partitions) => OnRevoked(partitions, lost: false))
            .SetPartitionsLostHandler((_, partitions) => OnRevoked(partitions, lost: true))
            .SetErrorHandler((_, error) => { lock (_gate) { _errors.Add(error); } })
            .Build();
    }

    public IConsumer<string, string> Consumer { get; }

    public string MemberId => Consumer.MemberId;

    public HashSet<TopicPartition> Owned { get { lock (_gate) { return [.. _owned]; } } }

    /// <summary>Every partition handed to this member by an assign callback, in callback order.</summary>
    public List<TopicPartition> AssignedPartitions { get { lock (_gate) { return [.. _assigned]; } } }

    /// <summary>Every partition taken from this member by a revoke or lost callback, in callback order.</summary>
    public List<TopicPartition> RevokedPartitions { get { lock (_gate) { return [.. _revoked]; } } }

    public int AssignedCalls => Volatile.Read(ref _assignedCalls);

    public int RevokedCalls => Volatile.Read(ref _revokedCalls);

    public int LostCalls => Volatile.Read(ref _lostCalls);

    public List<ConsumeResult<string, string>> Received { get { lock (_gate) { return [.. _received]; } } }

    public List<Error> Errors { get { lock (_gate) { return [.. _errors]; } } }

    public GroupMember Subscribe(string topic)
    {
        Consumer.Subscribe(topic);
        return this;
    }

    /// <summary>One Consume call; a record is kept in <see cref="Received"/>.</summary>
    public ConsumeResult<string, string>? Poll(TimeSpan timeout)
    {
        if (_closed)
        {
            return null;
        }
        ConsumeResult<string, string>? result;
        try
        {
            result = Consumer.Consume(timeout);
        }
        catch (KafkaException e)
        {
            // A fatal error (a fenced static member) also surfaces here on every later poll.
            lock (_gate)
            {
                _errors.Add(e.Error);
            }
            return null;
        }
        if (result is { IsPartitionEOF: false, Message: not null })
        {
            lock (_gate)
            {
                _received.Add(result);
            }
            return result;
        }
        return null;
    }

    /// <summary>Leaves the group (the revoke callback runs here); the member is not polled afterwards.</summary>
    public void Close()
    {
        if (!_closed)
        {
            _closed = true;
            Consumer.Close();
        }
    }

    public void Dispose() => Consumer.Dispose();

    private void OnAssigned(List<TopicPartition> partitions)
    {
        lock (_gate)
        {
            _owned.UnionWith(partitions);
            _assigned.AddRange(partitions);
        }
        Interlocked.Increment(ref _assignedCalls);
    }

    private void OnRevoked(List<TopicPartitionOffset> partitions, bool lost)
    {
        lock (_gate)
        {
            foreach (var partition in partitions)
            {
                _owned.Remove(partition.TopicPartition);
                _revoked.Add(partition.TopicPartition);
            }
        }
        Interlocked.Increment(ref lost ? ref _lostCalls : ref _revokedCalls);
    }
}
