using KafkaNet.Broker.Handlers;
using KafkaNet.Broker.Network;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.Storage;

namespace KafkaNet.Broker.Fetch;

/// <summary>
/// Reads the partitions of one fetch into a response whose record fields are leased log
/// regions. In an incremental fetch only partitions with news (records, a moved watermark or
/// log start, an error) are included, as KIP-227 has it.
/// </summary>
internal static class FetchReader
{
    /// <summary>
    /// <paramref name="sent"/> collects what each included partition reports, to be recorded in
    /// the session only if this response is the one returned (a long poll may read again).
    /// </summary>
    public static (LeasedResponse Response, long Bytes, bool AnyError) Read(
        RequestContext context, FetchRequest request, IReadOnlyList<FetchSessionPartition> partitions, bool incremental, List<WatchedPartition> watched,
        List<(FetchSessionPartition Entry, long HighWatermark, long LogStartOffset)> sent)
    {
        var broker = context.Broker;
        short version = context.ApiVersion;
        bool readCommitted = request.IsolationLevel == 1;
        var response = new FetchResponse();
        var leased = new LeasedResponse(response);
        long budget = request.MaxBytes;
        long total = 0;
        bool anyError = false;
        FetchResponse.FetchableTopicResponse? topicResponse = null;
        foreach (var entry in partitions)
        {
            var topic = version >= 13 ? broker.Topics.Find(entry.TopicId) : broker.Topics.Find(entry.Topic ?? "");
            var partition = new FetchResponse.PartitionData
            {
                PartitionIndex = entry.Partition,
                Records = ReadOnlyMemory<byte>.Empty,
                AbortedTransactions = readCommitted ? [] : null,
            };
            var log = topic is null ? null : broker.Replicas?.Find(topic.Name, entry.Partition);
            if (log is null)
            {
                partition.ErrorCode = (short)(topic is null && version >= 13 ? ErrorCode.UnknownTopicId : ErrorCode.UnknownTopicOrPartition);
                partition.HighWatermark = -1;
            }
            else
            {
                watched.Add(new WatchedPartition(new TopicPartition(topic!.Name, entry.Partition), log, log.LogEndOffset));
                ReadPartition(log, entry, partition, leased, ref budget, ref total);
            }
            anyError |= partition.ErrorCode != 0;
            bool changed = partition.ErrorCode != 0 || partition.Records.Value.Length > 0
                || partition.HighWatermark != entry.SentHighWatermark || partition.LogStartOffset != entry.SentLogStartOffset;
            if (incremental && !changed)
            {
                continue;
            }
            sent.Add((entry, partition.HighWatermark, partition.LogStartOffset));
            if (topicResponse is null || topicResponse.Topic != entry.Topic || topicResponse.TopicId != entry.TopicId)
            {
                topicResponse = new FetchResponse.FetchableTopicResponse { Topic = entry.Topic ?? "", TopicId = entry.TopicId };
                response.Responses.Add(topicResponse);
            }
            topicResponse.Partitions.Add(partition);
        }
        return (leased, total, anyError);
    }

    private static void ReadPartition(PartitionLog log, FetchSessionPartition entry, FetchResponse.PartitionData partition, LeasedResponse leased, ref long budget, ref long total)
    {
        long highWatermark = log.LogEndOffset;
        partition.HighWatermark = highWatermark;
        partition.LastStableOffset = highWatermark;
        partition.LogStartOffset = log.LogStartOffset;
        if (entry.CurrentLeaderEpoch > 0)
        {
            partition.ErrorCode = (short)ErrorCode.UnknownLeaderEpoch;
            return;
        }
        if (entry.FetchOffset < log.LogStartOffset || entry.FetchOffset > highWatermark)
        {
            partition.ErrorCode = (short)ErrorCode.OffsetOutOfRange;
            return;
        }
        int limit = (int)Math.Min(entry.MaxBytes, Math.Max(0, budget));
        if (limit <= 0 && total > 0)
        {
            return;
        }
        try
        {
            var read = log.Read(entry.FetchOffset, Math.Max(1, limit), highWatermark);
            partition.LogStartOffset = read.LogStartOffset;
            if (read.Region is { } region && (total == 0 || region.Length <= limit))
            {
                partition.Records = leased.Attach(region);
                total += region.Length;
                budget -= region.Length;
            }
            else
            {
                read.Dispose();
            }
        }
        catch (OffsetOutOfRangeException)
        {
            partition.ErrorCode = (short)ErrorCode.OffsetOutOfRange;
        }
    }
}
