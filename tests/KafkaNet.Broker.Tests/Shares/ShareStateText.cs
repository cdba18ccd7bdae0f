using System.Text;
using KafkaNet.Broker.Shares;

namespace KafkaNet.Broker.Tests.Shares;

/// <summary>
/// Renders a share-partition as one line for exact assertions: "[start,end) " then one token per offset,
/// a letter for the state (a available, q acquired, k acknowledged, z archiving, x archived) and the delivery count.
/// </summary>
internal static class ShareStateText
{
    public static string Of(SharePartition partition)
    {
        var text = new StringBuilder($"[{partition.StartOffset},{partition.EndOffset})");
        for (var offset = partition.StartOffset; offset < partition.EndOffset; offset++)
        {
            Assert.True(partition.TryGetRecord(offset, out var record));
            text.Append(' ').Append(Letter(record.State)).Append(record.DeliveryCount);
        }
        return text.ToString();
    }

    public static char Letter(RecordDeliveryState state) => state switch
    {
        RecordDeliveryState.Available => 'a',
        RecordDeliveryState.Acquired => 'q',
        RecordDeliveryState.Acknowledged => 'k',
        RecordDeliveryState.Archiving => 'z',
        _ => 'x',
    };

    public static FetchedRecords Range(long first, long last) => new(first, last);

    /// <summary>A fetched range whose keys are given as one character per record ('-' for no key).</summary>
    public static FetchedRecords Keyed(long first, string keys)
    {
        var list = new byte[]?[keys.Length];
        for (var i = 0; i < keys.Length; i++) list[i] = keys[i] == '-' ? null : [(byte)keys[i]];
        return new FetchedRecords(first, first + keys.Length - 1, list);
    }

    public static AcknowledgementBatch Ack(long first, long last, AcknowledgeType type) => new(first, last, type);
}
