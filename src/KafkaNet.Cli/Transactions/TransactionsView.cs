using System.Globalization;
using KafkaNet.Cli.Output;
using ProducerState = KafkaNet.Protocol.Messages.DescribeProducersResponse.ProducerState;
using TransactionDescription = KafkaNet.Protocol.Messages.DescribeTransactionsResponse.TransactionStateData;

namespace KafkaNet.Cli.Transactions;

/// <summary>
/// What `kafkanet transactions` prints: Kafka's tables (its column names and order, "None" where Kafka's tool prints
/// it), or one JSON document with --output json (null for None).
/// </summary>
internal static class TransactionsView
{
    public static string List(IEnumerable<TransactionListing> listings, bool json)
    {
        var sorted = listings.OrderBy(l => l.Coordinator).ThenBy(l => l.TransactionalId, StringComparer.Ordinal).ToList();
        if (json)
        {
            return JsonOutput.Serialize(new { Transactions = sorted });
        }

        var table = new TextTable("TransactionalId", "Coordinator", "ProducerId", "TransactionState");
        foreach (var listing in sorted)
        {
            table.Add(listing.TransactionalId, Number(listing.Coordinator), Number(listing.ProducerId), listing.State);
        }

        return table.ToString();
    }

    /// <param name="nowMs">The time the transaction's duration is counted to, in Unix milliseconds.</param>
    public static string Describe(int coordinator, TransactionDescription description, long nowMs, bool json)
    {
        long? startMs = description.TransactionStartTimeMs >= 0 ? description.TransactionStartTimeMs : null;
        long? durationMs = nowMs - startMs;
        var partitions = description.Topics.SelectMany(t => t.Partitions.Select(p => $"{t.Topic}-{Number(p)}")).ToList();
        if (json)
        {
            return JsonOutput.Serialize(new
            {
                CoordinatorId = coordinator,
                description.TransactionalId,
                description.ProducerId,
                description.ProducerEpoch,
                description.TransactionState,
                description.TransactionTimeoutMs,
                CurrentTransactionStartTimeMs = startMs,
                TransactionDurationMs = durationMs,
                TopicPartitions = partitions,
            });
        }

        return new TextTable("CoordinatorId", "TransactionalId", "ProducerId", "ProducerEpoch", "TransactionState", "TransactionTimeoutMs",
                "CurrentTransactionStartTimeMs", "TransactionDurationMs", "TopicPartitions")
            .Add(Number(coordinator), description.TransactionalId, Number(description.ProducerId), Number(description.ProducerEpoch),
                description.TransactionState, Number(description.TransactionTimeoutMs), OrNone(startMs), OrNone(durationMs), string.Join(",", partitions))
            .ToString();
    }

    public static string Producers(IReadOnlyList<ProducerState> producers, bool json)
    {
        if (json)
        {
            return JsonOutput.Serialize(new
            {
                Producers = producers.Select(p => new
                {
                    p.ProducerId,
                    p.ProducerEpoch,
                    LatestCoordinatorEpoch = p.CoordinatorEpoch,
                    p.LastSequence,
                    p.LastTimestamp,
                    CurrentTransactionStartOffset = StartOffset(p),
                }),
            });
        }

        var table = new TextTable("ProducerId", "ProducerEpoch", "LatestCoordinatorEpoch", "LastSequence", "LastTimestamp", "CurrentTransactionStartOffset");
        foreach (var p in producers)
        {
            table.Add(Number(p.ProducerId), Number(p.ProducerEpoch), Number(p.CoordinatorEpoch), Number(p.LastSequence), Number(p.LastTimestamp),
                OrNone(StartOffset(p)));
        }

        return table.ToString();
    }

    /// <param name="nowMs">The time each transaction's duration (since its producer's last write) is counted to.</param>
    public static string Hanging(IEnumerable<OpenTransaction> hanging, long nowMs, bool json)
    {
        var rows = hanging.Select(t => new
        {
            t.Topic,
            t.Partition,
            t.Producer.ProducerId,
            t.Producer.ProducerEpoch,
            t.Producer.CoordinatorEpoch,
            StartOffset = t.Producer.CurrentTxnStartOffset,
            t.Producer.LastTimestamp,
            DurationMinutes = (nowMs - t.Producer.LastTimestamp) / 60_000,
        }).ToList();
        if (json)
        {
            return JsonOutput.Serialize(new { HangingTransactions = rows });
        }

        var table = new TextTable("Topic", "Partition", "ProducerId", "ProducerEpoch", "CoordinatorEpoch", "StartOffset", "LastTimestamp", "Duration(min)");
        foreach (var r in rows)
        {
            table.Add(r.Topic, Number(r.Partition), Number(r.ProducerId), Number(r.ProducerEpoch), Number(r.CoordinatorEpoch), Number(r.StartOffset),
                Number(r.LastTimestamp), Number(r.DurationMinutes));
        }

        return table.ToString();
    }

    private static long? StartOffset(ProducerState producer) => producer.CurrentTxnStartOffset >= 0 ? producer.CurrentTxnStartOffset : null;

    private static string OrNone(long? value) => value is { } v ? Number(v) : "None";

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
