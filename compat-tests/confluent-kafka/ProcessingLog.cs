using System.Collections.Concurrent;

namespace KafkaNet.Compat.ConfluentKafka;

/// <summary>
/// What a group processed, shared by all its members: how often each record was processed, and the
/// uncommitted windows: records a member processed after its last successful commit of a partition
/// it then gave up. Those, and only those, may be processed again by the next owner.
/// </summary>
public sealed class ProcessingLog
{
    private readonly ConcurrentDictionary<(int Partition, long Offset), int> _times = new();
    private readonly ConcurrentDictionary<int, byte> _numbers = new();
    private readonly ConcurrentQueue<(int Partition, long From, long To)> _windows = new();
    private int _commits;
    private int _failedCommits;

    public int Distinct => _numbers.Count;

    public int Commits => Volatile.Read(ref _commits);

    public int FailedCommits => Volatile.Read(ref _failedCommits);

    public void Processed(int partition, long offset, int number)
    {
        _times.AddOrUpdate((partition, offset), 1, (_, n) => n + 1);
        _numbers.TryAdd(number, 0);
    }

    public void Committed(bool succeeded) => Interlocked.Increment(ref succeeded ? ref _commits : ref _failedCommits);

    /// <summary>Offsets [from, to) of a partition were processed but not committed when the member gave it up.</summary>
    public void Uncommitted(int partition, long from, long to)
    {
        if (to > from)
        {
            _windows.Enqueue((partition, from, to));
        }
    }

    public IEnumerable<int> Missing(int count) => Enumerable.Range(0, count).Where(n => !_numbers.ContainsKey(n));

    public int Duplicates => _times.Values.Sum(n => n - 1);

    public long WindowTotal => _windows.Sum(w => w.To - w.From);

    /// <summary>Records processed more often than the uncommitted windows covering them allow.</summary>
    public List<string> UnexplainedDuplicates()
    {
        var windows = _windows.ToArray();
        var unexplained = new List<string>();
        foreach (var ((partition, offset), times) in _times.Where(t => t.Value > 1))
        {
            int covering = windows.Count(w => w.Partition == partition && w.From <= offset && offset < w.To);
            if (times - 1 > covering)
            {
                unexplained.Add($"partition {partition} offset {offset}: processed {times} times, {covering} uncommitted windows cover it");
            }
        }
        return unexplained;
    }
}
