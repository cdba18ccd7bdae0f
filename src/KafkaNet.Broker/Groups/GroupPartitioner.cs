namespace KafkaNet.Broker.Groups;

/// <summary>
/// Which partition of __consumer_offsets coordinates a group: abs(hash(groupId)) % partitions, with the
/// hash of a Java string, so a group lands on the partition Kafka would pick for it.
/// </summary>
public static class GroupPartitioner
{
    public static int PartitionFor(string groupId, int partitionCount)
    {
        ArgumentNullException.ThrowIfNull(groupId);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitionCount, 1);
        return Abs(JavaStringHash(groupId)) % partitionCount;
    }

    /// <summary>Java's String.hashCode: s[0]*31^(n-1) + ... + s[n-1] over UTF-16 code units, wrapping.</summary>
    public static int JavaStringHash(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        int hash = 0;
        foreach (char c in value)
        {
            hash = unchecked((31 * hash) + c);
        }
        return hash;
    }

    // Kafka's Utils.abs: int.MinValue maps to 0 rather than overflowing.
    private static int Abs(int n) => n == int.MinValue ? 0 : Math.Abs(n);
}
