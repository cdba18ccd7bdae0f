namespace KafkaNet.Fuzz;

/// <summary>Invariants (a) and (b) over every partition of every topic the broker has.</summary>
internal static class ReadChecks
{
    public static async Task<CheckResult[]> RunAsync(string bootstrap, string suffix)
    {
        var topics = await TopicCatalog.DescribeAllAsync(bootstrap).ConfigureAwait(false);
        var ranges = await PartitionOffsets.QueryAsync(bootstrap, topics).ConfigureAwait(false);
        var compacted = await ClientReadCheck.CompactedTopicsAsync(bootstrap, topics.Select(t => t.Name)).ConfigureAwait(false);
        var readable = ClientReadCheck.Run("every partition readable to its high watermark by Confluent.Kafka" + suffix, bootstrap, ranges);
        var dense = await DenseOffsetCheck.RunAsync($"offsets dense in non-compacted topics ({compacted.Count} compacted skipped)" + suffix, bootstrap,
            ranges.Where(r => !compacted.Contains(r.Topic)).ToList()).ConfigureAwait(false);
        return [readable, dense];
    }
}
