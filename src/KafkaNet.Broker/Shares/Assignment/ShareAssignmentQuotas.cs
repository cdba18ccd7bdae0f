namespace KafkaNet.Broker.Shares.Assignment;

/// <summary>How many partitions each member should end up with in a <see cref="SimpleShareAssignor"/> run.</summary>
internal static class ShareAssignmentQuotas
{
    /// <summary>
    /// Each topic has <c>sharing × partitions</c> slots, split evenly between its subscribers. A member's quota is
    /// its share rounded down; the slots left over go one each to the members holding the most today (so a
    /// balanced assignment stays as it is), then to those whose share was cut the most.
    /// </summary>
    public static int[] Compute(
        IReadOnlyDictionary<Guid, List<int>> subscribersByTopic,
        IReadOnlyDictionary<Guid, int> sharingByTopic,
        IReadOnlyList<ShareTopicPartition> partitions,
        int[] currentlyHeld)
    {
        var fairShare = new double[currentlyHeld.Length];
        var slotsByTopic = partitions.GroupBy(p => p.TopicId).ToDictionary(g => g.Key, g => g.Count() * sharingByTopic[g.Key]);
        var totalSlots = 0;
        foreach (var (topicId, subscribers) in subscribersByTopic)
        {
            totalSlots += slotsByTopic[topicId];
            foreach (var member in subscribers)
                fairShare[member] += (double)slotsByTopic[topicId] / subscribers.Count;
        }

        // The epsilon keeps 2.9999999 from rounding down to 2 when the share is really 3.
        var quota = fairShare.Select(share => (int)Math.Floor(share + 1e-9)).ToArray();
        var leftOver = totalSlots - quota.Sum();
        var byClaim = Enumerable.Range(0, quota.Length)
            .Where(i => fairShare[i] - quota[i] > 1e-9)
            .OrderByDescending(i => Math.Min(currentlyHeld[i], quota[i] + 1))
            .ThenByDescending(i => fairShare[i] - quota[i])
            .ThenBy(i => i);
        foreach (var member in byClaim.Take(Math.Max(0, leftOver)))
            quota[member]++;
        return quota;
    }
}
