using KafkaNet.Cli.Arguments;
using KafkaNet.Protocol;
using ProducerState = KafkaNet.Protocol.Messages.DescribeProducersResponse.ProducerState;

namespace KafkaNet.Cli.Transactions;

/// <summary>A transaction a partition holds open: its producer has written to it, and no marker has ended it yet.</summary>
internal sealed record OpenTransaction(string Topic, int Partition, ProducerState Producer);

/// <summary>
/// find-hanging, as Kafka's tool decides it: a transaction open on a partition for longer than the longest transaction
/// timeout is hanging when its producer id belongs to no transactional id, or the coordinator no longer counts the
/// partition in that id's transaction (it will never write the partition's marker).
/// </summary>
internal static class HangingTransactions
{
    // Partitions per DescribeProducers request, so a broker with many is not sent one huge request.
    private const int BatchSize = 500;

    public static async Task<List<OpenTransaction>> FindAsync(TransactionsAdmin admin, TransactionsArguments arguments, long nowMs,
        CancellationToken cancellationToken)
    {
        long maxTimeoutMs = arguments.MaxTransactionTimeoutMinutes * 60_000L;
        var candidates = new List<OpenTransaction>();
        foreach (var batch in PartitionsToSearch(admin, arguments).Chunk(BatchSize))
        {
            var described = await admin.DescribeProducersAsync(batch, arguments.BrokerId, cancellationToken).ConfigureAwait(false);
            candidates.AddRange(described.SelectMany(p => p.Producers
                .Where(s => s.CurrentTxnStartOffset >= 0 && nowMs - s.LastTimestamp > maxTimeoutMs)
                .Select(s => new OpenTransaction(p.Topic, p.Partition, s))));
        }

        if (candidates.Count == 0)
        {
            return candidates;
        }

        var producerIds = candidates.Select(c => c.Producer.ProducerId).Distinct().ToList();
        var transactionalIds = (await admin.ListAsync(producerIds, -1, null, cancellationToken).ConfigureAwait(false))
            .Where(l => producerIds.Contains(l.ProducerId))
            .GroupBy(l => l.ProducerId)
            .ToDictionary(g => g.Key, g => g.First().TransactionalId);
        var inTransaction = new Dictionary<string, HashSet<(string, int)>>(StringComparer.Ordinal);
        foreach (string transactionalId in transactionalIds.Values.Distinct())
        {
            inTransaction[transactionalId] = await PartitionsInTransactionAsync(admin, transactionalId, cancellationToken).ConfigureAwait(false);
        }

        var hanging = candidates.Where(c => !transactionalIds.TryGetValue(c.Producer.ProducerId, out var transactionalId)
            || !inTransaction[transactionalId].Contains((c.Topic, c.Partition))).ToList();

        return hanging;
    }

    /// <summary>The partitions the coordinator counts in the id's transaction; none when it no longer knows the id.</summary>
    private static async Task<HashSet<(string, int)>> PartitionsInTransactionAsync(TransactionsAdmin admin, string transactionalId, CancellationToken cancellationToken)
    {
        try
        {
            var (_, description) = await admin.DescribeAsync(transactionalId, cancellationToken).ConfigureAwait(false);
            return [.. description.Topics.SelectMany(t => t.Partitions.Select(p => (t.Topic, p)))];
        }
        catch (CommandFailedException e) when (e.Message.StartsWith(ErrorCodes.Name(ErrorCode.TransactionalIdNotFound), StringComparison.Ordinal))
        {
            return [];
        }
    }

    /// <summary>--topic [--partition], or every topic's partitions; with --broker-id only those with a replica on that broker.</summary>
    private static List<(string Topic, int Partition)> PartitionsToSearch(TransactionsAdmin admin, TransactionsArguments arguments)
    {
        if (arguments is { Topic: { } topic, Partition: { } partition })
        {
            return [(topic, partition)];
        }

        var topics = admin.Cluster.Metadata.Topics.Where(t => arguments.Topic is null || t.Topic == arguments.Topic).ToList();
        if (arguments.Topic is not null && topics.Count == 0)
        {
            throw new CommandFailedException($"UNKNOWN_TOPIC_OR_PARTITION: Topic '{arguments.Topic}' does not exist.");
        }

        return [.. topics
            .SelectMany(t => t.Partitions
                .Where(p => arguments.BrokerId is not { } broker || p.Replicas.Contains(broker))
                .Select(p => (t.Topic, p.PartitionId)))
            .OrderBy(p => p.Topic, StringComparer.Ordinal).ThenBy(p => p.PartitionId)];
    }
}
