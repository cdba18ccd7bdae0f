using KafkaNet.Broker.Shares;
using KafkaNet.Broker.Shares.Fetch;

namespace KafkaNet.Broker.Tests.Shares.Fetch;

/// <summary>One-line renderings for exact assertions on share fetches and persisted state.</summary>
internal static class ShareFetchText
{
    /// <summary>Acquired runs as "first-last#count" joined by spaces; an error as its name.</summary>
    public static string Of(ShareAcquisition acquisition) =>
        acquisition.Error != Protocol.ErrorCode.None ? acquisition.Error.ToString() : Runs(acquisition.Acquired);

    public static string Runs(IEnumerable<AcquiredRecords> runs) => string.Join(' ', runs.Select(r => $"{r.FirstOffset}-{r.LastOffset}#{r.DeliveryCount}"));

    /// <summary>The state as the persister holds it: "start N:" then "first-last state count" runs (state letters as ShareStateText).</summary>
    public static async Task<string> PersistedAsync(IShareStatePersister persister, SharePartitionKey key)
    {
        var read = await persister.ReadAsync(key, -1, CancellationToken.None);
        Assert.Equal(Protocol.ErrorCode.None, read.Error);
        return Snapshot(read.State!);
    }

    public static string Snapshot(SharePartitionSnapshot state) =>
        $"start {state.StartOffset}:" + string.Concat(state.StateBatches.Select(b => $" {b.FirstOffset}-{b.LastOffset} {ShareStateText.Letter(b.DeliveryState)}{b.DeliveryCount}"));
}
