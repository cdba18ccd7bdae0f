using System.Globalization;
using KafkaNet.Cli.Output;

namespace KafkaNet.Cli.DeleteRecords;

/// <summary>What `kafkanet delete-records` prints, line for line as Kafka's kafka-delete-records does.</summary>
internal static class DeleteRecordsView
{
    public const string Executing = "Executing records delete operation";

    /// <summary>"Records delete operation completed:" then, by topic and partition, "partition: orders-0\tlow_watermark: 3" or "partition: orders-0\terror: ...".</summary>
    public static string Completed(IEnumerable<DeletedRecords> results) =>
        string.Join('\n', Sorted(results)
            .Select(r => $"partition: {r.Topic}-{r.Partition.ToString(CultureInfo.InvariantCulture)}\t"
                + (r.Error is { } error ? $"error: {error}" : $"low_watermark: {r.LowWatermark.ToString(CultureInfo.InvariantCulture)}"))
            .Prepend("Records delete operation completed:"));

    /// <summary>
    /// --output json: {"partitions": [{"topic": "orders", "partition": 0, "lowWatermark": 3, "error": null}, ...]}, in the
    /// order of the lines; a failed partition has a null lowWatermark and its error.
    /// </summary>
    public static string Json(IEnumerable<DeletedRecords> results) =>
        JsonOutput.Serialize(new
        {
            Partitions = Sorted(results).Select(r => new { r.Topic, r.Partition, LowWatermark = r.Error is null ? r.LowWatermark : (long?)null, r.Error }),
        });

    private static IEnumerable<DeletedRecords> Sorted(IEnumerable<DeletedRecords> results) =>
        results.OrderBy(r => r.Topic, StringComparer.Ordinal).ThenBy(r => r.Partition);
}
