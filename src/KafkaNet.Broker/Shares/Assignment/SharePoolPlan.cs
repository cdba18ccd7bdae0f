namespace KafkaNet.Broker.Shares.Assignment;

/// <summary>
/// One <see cref="SimpleShareAssignor"/> pool: partitions shared out among the members subscribed to them. Each
/// partition wants <c>ceil(members / partitions)</c> members ("sharing"); the slots this makes are split so
/// that members' counts differ by at most one.
/// </summary>
internal sealed class SharePoolPlan
{
    private readonly IReadOnlyList<string> _members;
    private readonly IReadOnlyList<ShareTopicPartition> _partitions;
    private readonly int _sharing;
    private readonly Dictionary<ShareTopicPartition, HashSet<int>> _holders;
    private readonly HashSet<ShareTopicPartition>[] _assigned;
    private readonly int[] _quota;

    public SharePoolPlan(
        IReadOnlyList<string> members,
        IReadOnlyList<ShareTopicPartition> partitions,
        IReadOnlyDictionary<string, IReadOnlySet<ShareTopicPartition>> current)
    {
        _members = members;
        _partitions = partitions;
        _sharing = (members.Count + partitions.Count - 1) / partitions.Count;
        _holders = partitions.ToDictionary(p => p, _ => new HashSet<int>());
        _assigned = members.Select(_ => new HashSet<ShareTopicPartition>()).ToArray();
        var held = members
            .Select(m => current.TryGetValue(m, out var c) ? c.Where(_holders.ContainsKey).OrderBy(tp => tp.TopicId).ThenBy(tp => tp.Partition).ToList() : [])
            .ToArray();
        _quota = Quotas(held);
        KeepCurrent(held);
        FillShortPartitions();
    }

    public IEnumerable<(string MemberId, IReadOnlySet<ShareTopicPartition> Partitions)> Result() =>
        _members.Select((m, i) => (m, (IReadOnlySet<ShareTopicPartition>)_assigned[i]));

    /// <summary>
    /// Everyone gets the slots divided evenly, rounded down; the few left over go to the members holding the most
    /// today, so a balanced assignment stays as it is.
    /// </summary>
    private int[] Quotas(List<ShareTopicPartition>[] held)
    {
        var slots = _sharing * _partitions.Count;
        var quota = Enumerable.Repeat(slots / _members.Count, _members.Count).ToArray();
        var byHoldings = Enumerable.Range(0, _members.Count).OrderByDescending(i => held[i].Count).ThenBy(i => i);
        foreach (var member in byHoldings.Take(slots % _members.Count))
            quota[member]++;
        return quota;
    }

    /// <summary>Members keep what they hold while their quota and the partition's sharing allow.</summary>
    private void KeepCurrent(List<ShareTopicPartition>[] held)
    {
        for (var i = 0; i < _members.Count; i++)
        {
            foreach (var partition in held[i])
            {
                if (_assigned[i].Count >= _quota[i])
                    break;
                if (_holders[partition].Count < _sharing)
                    Give(partition, i);
            }
        }
    }

    /// <summary>Hands the free slots of each partition to members with quota left, the emptiest first.</summary>
    private void FillShortPartitions()
    {
        foreach (var partition in _partitions)
        {
            while (_holders[partition].Count < _sharing)
            {
                var member = EmptiestWithout(partition);
                if (member < 0 && !TryFreeACandidate(partition, out member))
                    break;
                Give(partition, member);
            }
        }
    }

    private int EmptiestWithout(ShareTopicPartition partition)
    {
        var best = -1;
        for (var i = 0; i < _members.Count; i++)
        {
            if (_holders[partition].Contains(i) || _assigned[i].Count >= _quota[i])
                continue;
            if (best < 0 || Room(i) > Room(best))
                best = i;
        }
        return best;
    }

    private int Room(int member) => _quota[member] - _assigned[member].Count;

    /// <summary>
    /// Every member with quota left already holds <paramref name="partition"/>: move another partition from a
    /// member without it to one with room, so that member can take <paramref name="partition"/> instead.
    /// </summary>
    private bool TryFreeACandidate(ShareTopicPartition partition, out int freed)
    {
        for (var withRoom = 0; withRoom < _members.Count; withRoom++)
        {
            if (Room(withRoom) <= 0)
                continue;
            for (var other = 0; other < _members.Count; other++)
            {
                if (_holders[partition].Contains(other))
                    continue;
                var movable = _assigned[other].Where(q => !_assigned[withRoom].Contains(q)).Select(q => (ShareTopicPartition?)q).FirstOrDefault();
                if (movable is not { } moved)
                    continue;
                Take(moved, other);
                Give(moved, withRoom);
                freed = other;
                return true;
            }
        }
        freed = -1;
        return false;
    }

    private void Give(ShareTopicPartition partition, int member)
    {
        _holders[partition].Add(member);
        _assigned[member].Add(partition);
    }

    private void Take(ShareTopicPartition partition, int member)
    {
        _holders[partition].Remove(member);
        _assigned[member].Remove(partition);
    }
}
