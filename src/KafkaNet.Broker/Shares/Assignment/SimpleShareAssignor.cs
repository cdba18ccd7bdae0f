namespace KafkaNet.Broker.Shares.Assignment;

/// <summary>
/// The server-side share-group assignor ("simple", Kafka's only built-in one). Unlike a consumer group, a
/// partition may go to several members, so every member gets work even when members outnumber partitions.
/// <para>
/// When every member subscribes to the same topics, all their partitions form one pool; otherwise each topic is
/// a pool of its own, shared among its subscribers. In a pool each partition wants <c>ceil(members /
/// partitions)</c> members and members' counts differ by at most one. Balance comes before stickiness: a member
/// keeps what it holds while its quota and the partition's sharing allow, and only the rest is handed out.
/// </para>
/// </summary>
public static class SimpleShareAssignor
{
    public const string Name = "simple";

    /// <summary>
    /// Computes the target assignment for every member. Subscribed names with no topic in
    /// <paramref name="topics"/> are ignored, as are current partitions no longer there or no longer subscribed.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<ShareTopicPartition>> Assign(
        IReadOnlyCollection<ShareAssignorMember> members,
        IReadOnlyCollection<ShareAssignableTopic> topics,
        IReadOnlyDictionary<string, IReadOnlySet<ShareTopicPartition>> currentAssignment)
    {
        var result = members.ToDictionary(m => m.MemberId, _ => new HashSet<ShareTopicPartition>(), StringComparer.Ordinal);
        foreach (var (poolMembers, poolPartitions) in Pools(members, topics))
        {
            foreach (var (memberId, partitions) in new SharePoolPlan(poolMembers, poolPartitions, currentAssignment).Result())
                result[memberId].UnionWith(partitions);
        }
        return result.ToDictionary(kv => kv.Key, kv => (IReadOnlySet<ShareTopicPartition>)kv.Value, StringComparer.Ordinal);
    }

    private static IEnumerable<(List<string> Members, List<ShareTopicPartition> Partitions)> Pools(
        IReadOnlyCollection<ShareAssignorMember> members, IReadOnlyCollection<ShareAssignableTopic> topics)
    {
        var ordered = members.OrderBy(m => m.MemberId, StringComparer.Ordinal).ToList();
        var subscribedTopics = topics
            .Where(t => t.PartitionCount > 0)
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => (Topic: t, Subscribers: ordered.Where(m => m.SubscribedTopicNames.Contains(t.Name)).Select(m => m.MemberId).ToList()))
            .Where(t => t.Subscribers.Count > 0)
            .ToList();
        if (subscribedTopics.Count == 0)
            yield break;

        var alike = subscribedTopics.All(t => t.Subscribers.Count == ordered.Count);
        if (alike)
        {
            yield return (ordered.Select(m => m.MemberId).ToList(), subscribedTopics.SelectMany(t => PartitionsOf(t.Topic)).ToList());
            yield break;
        }
        foreach (var (topic, subscribers) in subscribedTopics)
            yield return (subscribers, PartitionsOf(topic).ToList());
    }

    private static IEnumerable<ShareTopicPartition> PartitionsOf(ShareAssignableTopic topic) =>
        Enumerable.Range(0, topic.PartitionCount).Select(p => new ShareTopicPartition(topic.TopicId, p));
}
