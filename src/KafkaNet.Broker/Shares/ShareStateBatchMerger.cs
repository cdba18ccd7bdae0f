namespace KafkaNet.Broker.Shares;

/// <summary>
/// Lays state batches over each other as the share coordinator stores them: each batch overrides the offsets
/// it covers in everything before it, offsets below the start offset are dropped, and touching batches with
/// the same state and delivery count are joined. The result is ascending and disjoint.
/// </summary>
public static class ShareStateBatchMerger
{
    public static IReadOnlyList<ShareStateBatch> Merge(IReadOnlyList<ShareStateBatch> current, IReadOnlyList<ShareStateBatch> newer, long startOffset)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(newer);
        var merged = new List<ShareStateBatch>(current.Count + newer.Count);
        foreach (var batch in current) Overlay(merged, batch);
        foreach (var batch in newer) Overlay(merged, batch);
        return Normalize(merged, startOffset);
    }

    /// <summary>Puts <paramref name="batch"/> into the sorted, disjoint <paramref name="batches"/>, cutting away what it covers.</summary>
    private static void Overlay(List<ShareStateBatch> batches, ShareStateBatch batch)
    {
        if (batch.FirstOffset > batch.LastOffset)
            throw new ArgumentException($"state batch {batch.FirstOffset}-{batch.LastOffset} is empty");
        int index = 0;
        while (index < batches.Count && batches[index].LastOffset < batch.FirstOffset) index++;
        while (index < batches.Count && batches[index].FirstOffset <= batch.LastOffset)
        {
            var old = batches[index];
            batches.RemoveAt(index);
            if (old.FirstOffset < batch.FirstOffset) batches.Insert(index++, old with { LastOffset = batch.FirstOffset - 1 });
            if (old.LastOffset > batch.LastOffset) batches.Insert(index, old with { FirstOffset = batch.LastOffset + 1 });
            if (old.LastOffset > batch.LastOffset) break;
        }
        batches.Insert(index, batch);
    }

    private static List<ShareStateBatch> Normalize(List<ShareStateBatch> sorted, long startOffset)
    {
        var result = new List<ShareStateBatch>(sorted.Count);
        foreach (var original in sorted)
        {
            if (original.LastOffset < startOffset) continue;
            var batch = original.FirstOffset < startOffset ? original with { FirstOffset = startOffset } : original;
            if (result.Count > 0 && Joins(result[^1], batch))
                result[^1] = result[^1] with { LastOffset = batch.LastOffset };
            else
                result.Add(batch);
        }
        return result;
    }

    private static bool Joins(ShareStateBatch before, ShareStateBatch after) =>
        before.LastOffset + 1 == after.FirstOffset && before.DeliveryState == after.DeliveryState && before.DeliveryCount == after.DeliveryCount;
}
