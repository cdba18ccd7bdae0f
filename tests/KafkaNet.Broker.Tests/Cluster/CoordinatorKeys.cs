using KafkaNet.Broker.Groups;

namespace KafkaNet.Broker.Tests.Cluster;

/// <summary>Keys (group or transactional ids) that a coordinator topic of a given size places on a chosen partition.</summary>
internal static class CoordinatorKeys
{
    public static string On(int partition, int partitions, string prefix)
    {
        for (int i = 0; i < 10_000; i++)
        {
            string candidate = $"{prefix}-{i}";
            if (GroupPartitioner.PartitionFor(candidate, partitions) == partition)
            {
                return candidate;
            }
        }
        throw new InvalidOperationException($"No key with prefix {prefix} lands on partition {partition}.");
    }
}
