using KafkaNet.Cli.Arguments;

namespace KafkaNet.Cli.Reassignment;

/// <summary>
/// What --generate proposes: each topic keeps its partition count and replication factor, and its replicas are spread
/// round-robin over the brokers given, partition p starting at the p-th broker so leaders are spread too.
/// </summary>
internal static class ProposedAssignment
{
    /// <exception cref="CommandFailedException">A topic has more replicas than there are brokers.</exception>
    public static IReadOnlyList<PartitionReplicas> Propose(IReadOnlyList<PartitionReplicas> current, IReadOnlyList<int> brokers)
    {
        var sorted = brokers.Order().ToList();
        var proposed = new List<PartitionReplicas>();
        foreach (var topic in current.GroupBy(p => p.Topic))
        {
            int replicationFactor = topic.First().Replicas.Count;
            if (replicationFactor > sorted.Count)
            {
                throw new CommandFailedException($"INVALID_REPLICATION_FACTOR: Replication factor: {replicationFactor} larger than available brokers: {sorted.Count}.");
            }

            foreach (var partition in topic.OrderBy(p => p.Partition))
            {
                var replicas = Enumerable.Range(0, replicationFactor).Select(r => sorted[(partition.Partition + r) % sorted.Count]).ToList();
                proposed.Add(partition with { Replicas = replicas });
            }
        }

        return proposed;
    }
}
