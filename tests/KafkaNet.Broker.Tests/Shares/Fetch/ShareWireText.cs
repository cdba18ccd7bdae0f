using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Shares.Fetch;

/// <summary>Share responses as one line per partition for exact assertions.</summary>
internal static class ShareWireText
{
    /// <summary>
    /// "p0 ERROR ack:ERROR batches:0-0 1-1 acquired:0-1#1", leaving out what is empty or NONE; a top-level error
    /// alone when there is one.
    /// </summary>
    public static string Of(ShareFetchResponse response)
    {
        if (response.ErrorCode != 0) return Name(response.ErrorCode);
        var lines = new List<string>();
        foreach (var topic in response.Topics)
        {
            foreach (var p in topic.Partitions)
            {
                var parts = new List<string> { $"p{p.Partition}" };
                if (p.ErrorCode != 0) parts.Add(Name(p.ErrorCode));
                if (p.AcknowledgeErrorCode != 0) parts.Add("ack:" + Name(p.AcknowledgeErrorCode));
                if (p.Records is { Length: > 0 } records) parts.Add("batches:" + FakeShareLog.BatchesIn(records.ToArray()));
                if (p.AcquiredRecords.Count > 0)
                {
                    parts.Add("acquired:" + string.Join(' ', p.AcquiredRecords.Select(r => $"{r.FirstOffset}-{r.LastOffset}#{r.DeliveryCount}")));
                }
                lines.Add(string.Join(' ', parts));
            }
        }
        return string.Join('\n', lines);
    }

    public static string Of(ShareAcknowledgeResponse response) =>
        response.ErrorCode != 0
            ? Name(response.ErrorCode)
            : string.Join('\n', response.Topics.SelectMany(t => t.Partitions).Select(p => $"p{p.Partition} {Name(p.ErrorCode)}"));

    private static string Name(short code) => ErrorCodes.Name((ErrorCode)code);
}
