using System.Diagnostics;

namespace KafkaNet.Benchmarks.Groups;

/// <summary>
/// What the members of one KIP-848 round have been told, and the moment the group became Stable: every member
/// at the same epoch and every partition of the topic owned by exactly one member. Once all members have joined,
/// the newest member's epoch is the group epoch, so equal epochs mean each member has reached the target.
/// </summary>
internal sealed class ConsumerGroupStability(int members, int partitions)
{
    private readonly Lock _lock = new();
    private readonly int[] _epochs = new int[members];
    private readonly int[][] _owned = Enumerable.Repeat(Array.Empty<int>(), members).ToArray();
    private readonly bool[] _seen = new bool[partitions];
    private bool _stable;

    /// <summary>When the group became Stable, or 0 while it is not.</summary>
    public long StableTicks { get; private set; }

    public bool IsStable => Volatile.Read(ref _stable);

    /// <summary>Records a member's latest answer; returns true once the group is Stable.</summary>
    public bool Update(int member, int epoch, int[] owned)
    {
        lock (_lock)
        {
            if (_stable)
            {
                return true;
            }
            _epochs[member] = epoch;
            _owned[member] = owned;
            if (!AllAtOneEpoch() || !EveryPartitionOnce())
            {
                return false;
            }
            StableTicks = Stopwatch.GetTimestamp();
            Volatile.Write(ref _stable, true);
            return true;
        }
    }

    private bool AllAtOneEpoch()
    {
        foreach (int epoch in _epochs)
        {
            if (epoch == 0 || epoch != _epochs[0])
            {
                return false;
            }
        }
        return true;
    }

    private bool EveryPartitionOnce()
    {
        Array.Clear(_seen);
        int count = 0;
        foreach (int[] owned in _owned)
        {
            foreach (int partition in owned)
            {
                if (partition < 0 || partition >= _seen.Length || _seen[partition])
                {
                    return false;
                }
                _seen[partition] = true;
                count++;
            }
        }
        return count == _seen.Length;
    }
}
