using System.Globalization;

namespace KafkaNet.Cli.DeleteRecords;

/// <summary>What `kafkanet delete-records` prints, line for line as Kafka's kafka-delete-records does.</summary>
internal static class DeleteRecordsView
{
    public const string Executing = "Executing records delete operation";

    /// <summary>"Records delete operation completed:" then, by topic and partition, "partition: orders-0\tlow_watermark: 3" or "partition: orders-0\terror: ...".</summary>
    public static string Completed(IEnumerable<DeletedRecords> results) =>
        string.Join('\n', results.OrderBy(r => r.Topic, StringComparer.Ordinal).ThenBy(r => r.Partition)
            .Select(r => $"partition: {r.Topic}-{r.Partition.ToString(CultureInfo.InvariantCulture)}\t"
                + (r.Error is { } error ? $"error: {error}" : $"low_watermark: {r.LowWatermark.ToString(CultureInfo.InvariantCulture)}"))
            .Prepend("Records delete operation completed:"));
}
