using System.Globalization;
using KafkaNet.Cli.Output;

namespace KafkaNet.Cli.GetOffsets;

/// <summary>What `kafkanet get-offsets` prints: TOPIC:PARTITION:OFFSET lines, or one JSON document with --output json.</summary>
internal static class GetOffsetsView
{
    /// <summary>Sorted as Kafka's tool sorts them: by "TOPIC-PARTITION" as text, so orders-10 comes before orders-2.</summary>
    public static IReadOnlyList<PartitionOffset> Sorted(IEnumerable<PartitionOffset> offsets) =>
        [.. offsets.OrderBy(o => $"{o.Topic}-{Number(o.Partition)}", StringComparer.Ordinal)];

    public static string Offsets(IReadOnlyList<PartitionOffset> offsets, bool json) =>
        json ? JsonOutput.Serialize(new { offsets })
        : string.Join('\n', offsets.Select(o => $"{o.Topic}:{Number(o.Partition)}:{o.Offset.ToString(CultureInfo.InvariantCulture)}"));

    /// <summary>"Skip getting offsets for topic-partition orders-0 due to error: NOT_LEADER_OR_FOLLOWER: ...", for stderr.</summary>
    public static string Skipped(PartitionRefusal refusal) =>
        $"Skip getting offsets for topic-partition {refusal.Topic}-{Number(refusal.Partition)} due to error: {refusal.Error}";

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
