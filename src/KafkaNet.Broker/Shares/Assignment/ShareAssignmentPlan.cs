namespace KafkaNet.Broker.Shares.Assignment;

/// <summary>The working state of one <see cref="SimpleShareAssignor"/> run: quotas, sharing targets and holders.</summary>
internal sealed class ShareAssignmentPlan
{
    private readonly string[] _memberIds;
    private readonly HashSet<Guid>[] _subscribedTopicIds;
    private readonly Dictionary<Guid, int> _sharingByTopic = [];
    private readonly Dictionary<Guid, List<int>> _subscribersByTopic = [];
    private readonly List<ShareTopicPartition> _partitions = [];
    private readonly Dictionary<ShareTopicPartition, HashSet<int>> _holders = [];
    private readonly HashSet<ShareTopicPartition>[] _assigned;
    private int[] _quota = [];

    public ShareAssignmentPlan(IReadOnlyCollection<ShareAssignorMember> members, IReadOnlyCollection<ShareAssignableTopic> topics)
    {
        var ordered = members.OrderBy(m => m.MemberId, StringComparer.Ordinal).ToArray();
        _memberIds = ordered.Select(m => m.MemberId).ToArray();
        _assigned = ordered.Select(_ => new HashSet<ShareTopicPartition>()).ToArray();
        var topicsByName = topics.Where(t => t.PartitionCount > 0).ToDictionary(t => t.Name, StringComparer.Ordinal);
        _subscribedTopicIds = ordered
            .Select(m => m.SubscribedTopicNames.Where(topicsByName.ContainsKey).Select(n => topicsByName[n].TopicId).ToHashSet())
            .ToArray();

        foreach (var topic in topicsByName.Values.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            var subscribers = Enumerable.Range(0, _memberIds.Length).Where(i => _subscribedTopicIds[i].Contains(topic.TopicId)).ToList();
            if (subscribers.Count == 0)
                continue;
            _subscribersByTopic[topic.TopicId] = subscribers;
            // Members per partition: one each while partitions outnumber members, more once members outnumber them.
            _sharingByTopic[topic.TopicId] = (subscribers.Count + topic.PartitionCount - 1) / topic.PartitionCount;
            for (var p = 0; p < topic.PartitionCount; p++)
            {
                var partition = new ShareTopicPartition(topic.TopicId, p);
                _partitions.Add(partition);
                _holders[partition] = [];
            }
        }
    }

    /// <summary>Sets quotas, then lets each member keep its still-valid partitions within its quota and their sharing.</summary>
    public void KeepCurrent(IReadOnlyDictionary<string, IReadOnlySet<ShareTopicPartition>> current)
    {
        var valid = new List<ShareTopicPartition>[_memberIds.Length];
        for (var i = 0; i < _memberIds.Length; i++)
        {
            valid[i] = current.TryGetValue(_memberIds[i], out var held)
                ? held.Where(tp => _holders.ContainsKey(tp) && _subscribedTopicIds[i].Contains(tp.TopicId))
                    .OrderBy(tp => tp.TopicId).ThenBy(tp => tp.Partition).ToList()
                : [];
        }
        _quota = ShareAssignmentQuotas.Compute(_subscribersByTopic, _sharingByTopic, _partitions, valid.Select(v => v.Count).ToArray());

        for (var i = 0; i < _memberIds.Length; i++)
        {
            foreach (var partition in valid[i])
            {
                if (_assigned[i].Count >= _quota[i])
                    break;
                if (_holders[partition].Count < _sharingByTopic[partition.TopicId])
                    Give(partition, i);
            }
        }
    }

    /// <summary>Hands the free slots of each partition to members with quota left, the emptiest first.</summary>
    public void FillShortPartitions()
    {
        foreach (var partition in _partitions)
        {
            while (_holders[partition].Count < _sharingByTopic[partition.TopicId])
            {
                var member = BestCandidate(partition, requireQuota: true);
                if (member < 0 && !TryFreeACandidate(partition, out member))
                    break;
                Give(partition, member);
            }
        }
    }

    /// <summary>A partition nobody could take within quota still goes to its least-loaded subscriber.</summary>
    public void CoverUnassignedPartitions()
    {
        foreach (var partition in _partitions.Where(p => _holders[p].Count == 0))
            Give(partition, BestCandidate(partition, requireQuota: false));
    }

    public IReadOnlyDictionary<string, IReadOnlySet<ShareTopicPartition>> Result()
    {
        var result = new Dictionary<string, IReadOnlySet<ShareTopicPartition>>(StringComparer.Ordinal);
        for (var i = 0; i < _memberIds.Length; i++)
            result[_memberIds[i]] = _assigned[i];
        return result;
    }

    private int BestCandidate(ShareTopicPartition partition, bool requireQuota)
    {
        var best = -1;
        foreach (var i in _subscribersByTopic[partition.TopicId])
        {
            if (_holders[partition].Contains(i) || (requireQuota && _assigned[i].Count >= _quota[i]))
                continue;
            if (best < 0 || IsEmptier(i, best))
                best = i;
        }
        return best;
    }

    private bool IsEmptier(int a, int b)
    {
        var roomA = _quota[a] - _assigned[a].Count;
        var roomB = _quota[b] - _assigned[b].Count;
        return roomA != roomB ? roomA > roomB : _assigned[a].Count < _assigned[b].Count;
    }

    /// <summary>
    /// Every member with quota left already holds <paramref name="partition"/>: move another partition from a
    /// member without it to one with room, so that member can take <paramref name="partition"/> instead.
    /// </summary>
    private bool TryFreeACandidate(ShareTopicPartition partition, out int freed)
    {
        var subscribers = _subscribersByTopic[partition.TopicId];
        foreach (var withRoom in subscribers.Where(i => _assigned[i].Count < _quota[i]))
        {
            foreach (var other in subscribers.Where(i => !_holders[partition].Contains(i)))
            {
                var movable = _assigned[other]
                    .Where(q => !_assigned[withRoom].Contains(q) && _subscribedTopicIds[withRoom].Contains(q.TopicId))
                    .Select(q => (ShareTopicPartition?)q)
                    .FirstOrDefault();
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
