using System.Text.RegularExpressions;
using KafkaNet.Broker.Groups.Consumer;
using KafkaNet.Protocol;

namespace KafkaNet.Broker.Transactions;

/// <summary>DescribeTransactions and ListTransactions.</summary>
public sealed partial class TransactionCoordinator
{
    /// <summary>
    /// DescribeTransactions for one id: its state, or INVALID_REQUEST (empty id), TRANSACTIONAL_ID_NOT_FOUND,
    /// COORDINATOR_LOAD_IN_PROGRESS, NOT_COORDINATOR.
    /// </summary>
    public TransactionDescription Describe(string transactionalId)
    {
        ArgumentNullException.ThrowIfNull(transactionalId);
        if (transactionalId.Length == 0)
        {
            return TransactionDescription.Failed(ErrorCode.InvalidRequest, transactionalId);
        }
        var error = TryGetShard(transactionalId, out var shard);
        if (error != ErrorCode.None)
        {
            return TransactionDescription.Failed(error, transactionalId);
        }
        lock (shard.Lock)
        {
            if (!shard.Transactions.TryGetValue(transactionalId, out var metadata) || metadata.State == TransactionState.Dead)
            {
                return TransactionDescription.Failed(ErrorCode.TransactionalIdNotFound, transactionalId);
            }
            var partitions = metadata.Partitions.OrderBy(p => p.Topic, StringComparer.Ordinal).ThenBy(p => p.Partition).ToList();
            return new TransactionDescription(ErrorCode.None, transactionalId, TransactionStates.NameOf(metadata.State), metadata.TimeoutMs,
                metadata.StartTimestamp, metadata.ProducerId, metadata.ProducerEpoch, partitions);
        }
    }

    /// <summary>
    /// ListTransactions: every transactional id this broker coordinates that passes the filters. Empty filters pass
    /// everything; state names Kafka does not know are returned as unknown; <paramref name="durationFilterMs"/> (v1,
    /// -1 for none) keeps transactions running longer than it; <paramref name="transactionalIdPattern"/> (v2, null or
    /// empty for none) is an RE2 expression the whole id must match. COORDINATOR_LOAD_IN_PROGRESS while a partition
    /// loads, INVALID_REGULAR_EXPRESSION for a pattern that does not compile.
    /// </summary>
    public TransactionList List(IReadOnlyCollection<string> stateFilters, IReadOnlyCollection<long> producerIdFilters, long durationFilterMs = -1,
        string? transactionalIdPattern = null)
    {
        ArgumentNullException.ThrowIfNull(stateFilters);
        ArgumentNullException.ThrowIfNull(producerIdFilters);
        if (_disposed)
        {
            return new TransactionList(ErrorCode.CoordinatorNotAvailable, [], []);
        }
        if (!AllShardsLoaded)
        {
            return new TransactionList(ErrorCode.CoordinatorLoadInProgress, [], []);
        }
        Regex? pattern = null;
        if (!string.IsNullOrEmpty(transactionalIdPattern) && !TryCompile(transactionalIdPattern, out pattern))
        {
            return new TransactionList(ErrorCode.InvalidRegularExpression, [], []);
        }
        var states = new HashSet<TransactionState>();
        var unknown = new List<string>();
        foreach (string name in stateFilters)
        {
            if (TransactionStates.TryParse(name, out var state))
            {
                states.Add(state);
            }
            else
            {
                unknown.Add(name);
            }
        }
        var producerIds = producerIdFilters.ToHashSet();
        long now = NowMs;
        var listed = new List<TransactionListing>();
        foreach (var shard in (_shards ?? []).OfType<TransactionShard>())
        {
            lock (shard.Lock)
            {
                foreach (var metadata in shard.Transactions.Values)
                {
                    // Dead is the moment of removal, never listed; a state filter naming only unknown states matches nothing.
                    bool include = metadata.State != TransactionState.Dead
                        && (producerIds.Count == 0 || producerIds.Contains(metadata.ProducerId))
                        && (stateFilters.Count == 0 || states.Contains(metadata.State))
                        && (durationFilterMs < 0 || now - metadata.StartTimestamp > durationFilterMs)
                        && (pattern is null || pattern.IsMatch(metadata.TransactionalId));
                    if (include)
                    {
                        listed.Add(new TransactionListing(metadata.TransactionalId, metadata.ProducerId, TransactionStates.NameOf(metadata.State)));
                    }
                }
            }
        }
        return new TransactionList(ErrorCode.None, unknown, listed);
    }

    /// <summary>An RE2 pattern for whole transactional ids, on .NET's linear-time engine.</summary>
    private static bool TryCompile(string pattern, out Regex? regex)
    {
        try
        {
            regex = new Regex(@"\A(?:" + Re2Translator.Translate(pattern) + @")\z", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
            return true;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or NotSupportedException)
        {
            regex = null;
            return false;
        }
    }
}
