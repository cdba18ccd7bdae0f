using KafkaNet.Broker.Metadata;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;

namespace KafkaNet.Cluster.Controller;

/// <summary>
/// Places the replicas of new partitions on the usable brokers: brokers are interleaved rack by
/// rack, leaders walk that list round-robin, and followers are taken after the leader with a
/// shift that grows every round, preferring racks the partition does not use yet. So leaders and
/// replicas spread evenly and, when racks are set, a partition spans as many racks as it can.
/// </summary>
public sealed class ReplicaPlacer
{
    private readonly Random _random;

    public ReplicaPlacer(Random? random = null) => _random = random ?? Random.Shared;

    /// <summary>
    /// Assignments for partitions <paramref name="firstPartition"/>.. of <paramref name="count"/> new
    /// partitions; INVALID_REPLICATION_FACTOR when fewer usable brokers exist than replicas asked.
    /// </summary>
    public (ApiError Error, List<int[]>? Assignments) Place(IEnumerable<BrokerRegistration> usableBrokers, int firstPartition, int count, short replicationFactor)
    {
        ArgumentNullException.ThrowIfNull(usableBrokers);
        var brokers = Interleave(usableBrokers);
        if (replicationFactor <= 0)
        {
            return (new ApiError(ErrorCode.InvalidReplicationFactor, "Replication factor must be larger than 0, or -1 to use the default value."), null);
        }
        if (replicationFactor > brokers.Count)
        {
            return (new ApiError(ErrorCode.InvalidReplicationFactor,
                $"Unable to replicate the partition {replicationFactor} time(s): The target replication factor of {replicationFactor} cannot be reached because only {brokers.Count} broker(s) are registered."), null);
        }
        int n = brokers.Count;
        int start = _random.Next(n);
        var assignments = new List<int[]>(count);
        for (int i = 0; i < count; i++)
        {
            int p = firstPartition + i;
            int leaderIndex = (start + p) % n;
            // The shift changes which followers pair with a leader from one round of leaders to the next.
            int shift = n > 1 ? (p / n) % (n - 1) : 0;
            var chosen = new List<BrokerRegistration>(replicationFactor) { brokers[leaderIndex] };
            while (chosen.Count < replicationFactor)
            {
                chosen.Add(NextFollower(brokers, leaderIndex + 1 + shift, chosen));
            }
            assignments.Add([.. chosen.Select(b => b.Id)]);
        }
        return (ApiError.None, assignments);
    }

    private static BrokerRegistration NextFollower(List<BrokerRegistration> brokers, int from, List<BrokerRegistration> chosen)
    {
        BrokerRegistration? fallback = null;
        for (int k = 0; k < brokers.Count; k++)
        {
            var candidate = brokers[(from + k) % brokers.Count];
            if (chosen.Contains(candidate))
            {
                continue;
            }
            if (candidate.Rack is null || chosen.All(c => c.Rack != candidate.Rack))
            {
                return candidate;
            }
            fallback ??= candidate;
        }
        return fallback!;
    }

    /// <summary>Brokers ordered rack by rack (r1, r2, r3, r1, r2, ...), each rack by id; brokers without a rack share one.</summary>
    private static List<BrokerRegistration> Interleave(IEnumerable<BrokerRegistration> brokers)
    {
        var racks = brokers.GroupBy(b => b.Rack ?? string.Empty, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.OrderBy(b => b.Id).ToList())
            .ToList();
        var result = new List<BrokerRegistration>();
        for (int round = 0; racks.Any(r => round < r.Count); round++)
        {
            result.AddRange(racks.Where(r => round < r.Count).Select(r => r[round]));
        }
        return result;
    }
}
