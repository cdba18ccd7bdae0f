namespace KafkaNet.Broker.Groups.Consumer;

/// <summary>
/// The uniform assignment when every member subscribes to the same topics: each member gets
/// P / M partitions and P % M of them one more, keeping as many of its current partitions as
/// that allows. Members that already hold more than the minimum are the first to keep an extra
/// partition, so a balanced group moves nothing.
/// </summary>
internal static class UniformHomogeneousBuilder
{
    public static void Assign(PartitionOwners owners)
    {
        var memberCount = owners.Members.Length;
        owners.KeepCurrentAssignments();

        var quotas = Quotas(owners.Loads, owners.TotalPartitions);
        ReleaseAboveQuota(owners, quotas);

        // Hand out what is free, in topic and partition order, to members below their quota.
        var member = 0;
        for (var t = 0; t < owners.Topics.Length; t++)
        {
            var topicOwners = owners.Owners[t];
            for (var partition = 0; partition < topicOwners.Length; partition++)
            {
                if (topicOwners[partition] != PartitionOwners.NoOwner)
                {
                    continue;
                }
                while (member < memberCount && owners.Loads[member] >= quotas[member])
                {
                    member++;
                }
                owners.Assign(t, partition, member);
            }
        }
    }

    private static int[] Quotas(int[] loads, int totalPartitions)
    {
        var memberCount = loads.Length;
        var quotas = new int[memberCount];
        Array.Fill(quotas, totalPartitions / memberCount);
        var extras = totalPartitions % memberCount;
        if (extras > 0)
        {
            // Heaviest members first, member order breaking ties.
            var order = Enumerable.Range(0, memberCount)
                .OrderByDescending(m => loads[m])
                .ThenBy(m => m)
                .Take(extras);
            foreach (var m in order)
            {
                quotas[m]++;
            }
        }
        return quotas;
    }

    // A member keeps its first partitions in topic and partition order up to its quota.
    private static void ReleaseAboveQuota(PartitionOwners owners, int[] quotas)
    {
        var kept = new int[quotas.Length];
        for (var t = 0; t < owners.Topics.Length; t++)
        {
            var topicOwners = owners.Owners[t];
            for (var partition = 0; partition < topicOwners.Length; partition++)
            {
                var owner = topicOwners[partition];
                if (owner != PartitionOwners.NoOwner && ++kept[owner] > quotas[owner])
                {
                    owners.Release(t, partition);
                }
            }
        }
    }
}
