// Fetch (key 1), versions 4-18.
// Reads whole batches from the offset asked for (the batch containing it, never skipping it), up
// to each partition's max bytes and the response's max bytes, always at least one batch for the
// first partition with data (KIP-74), and never beyond the high watermark (the log end on a
// single node; also the last stable offset, as there are no transactions yet). Waits up to
// max.wait.ms for min.bytes, woken by appends. Partitions without data carry an empty record
// set, never null. Topic ids from v13.
// Deviations: no fetch sessions yet: every response has session id 0, which KIP-227 lets a
// broker answer so clients keep sending full fetches; an incremental fetch for a session id
// gets FETCH_SESSION_ID_NOT_FOUND. Follower fetches are not served (single node).
using KafkaNet.Broker.Network;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.Storage;

namespace KafkaNet.Broker.Handlers;

public sealed class FetchHandler : IApiHandler
{
    public short ApiKey => FetchRequest.ApiKey;

    public short LowestVersion => 4;

    public short HighestVersion => 18;

    /// <summary>Returns a <see cref="LeasedResponse"/>: record data stays in the log files until it is sent.</summary>
    public async ValueTask<IKafkaMessage?> HandleAsync(RequestContext context, IKafkaMessage message, CancellationToken cancellationToken)
    {
        var request = (FetchRequest)message;
        if (request.SessionId != 0 && request.SessionEpoch != -1)
        {
            return new FetchResponse { ErrorCode = (short)ErrorCode.FetchSessionIdNotFound };
        }
        var deadline = DateTime.UtcNow.AddMilliseconds(Math.Max(0, request.MaxWaitMs));
        while (true)
        {
            var (response, bytes, anyError, waitOn) = Read(context, request);
            var remaining = deadline - DateTime.UtcNow;
            if (bytes >= request.MinBytes || anyError || remaining <= TimeSpan.Zero || waitOn.Count == 0)
            {
                return response;
            }
            response.Dispose();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(remaining);
            var delay = Task.Delay(Timeout.Infinite, timeout.Token);
            waitOn.Add(delay);
            await Task.WhenAny(waitOn).ConfigureAwait(false);
            await timeout.CancelAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private static (LeasedResponse Response, long Bytes, bool AnyError, List<Task> WaitOn) Read(RequestContext context, FetchRequest request)
    {
        var broker = context.Broker;
        short version = context.ApiVersion;
        bool readCommitted = request.IsolationLevel == 1;
        var response = new FetchResponse();
        var leased = new LeasedResponse(response);
        var waitOn = new List<Task>();
        long budget = request.MaxBytes;
        long total = 0;
        bool anyError = false;
        foreach (var fetchTopic in request.Topics)
        {
            var topic = version >= 13 ? broker.Topics.Find(fetchTopic.TopicId) : broker.Topics.Find(fetchTopic.Topic);
            var topicResponse = new FetchResponse.FetchableTopicResponse { Topic = fetchTopic.Topic, TopicId = fetchTopic.TopicId };
            response.Responses.Add(topicResponse);
            foreach (var fetchPartition in fetchTopic.Partitions)
            {
                var partition = new FetchResponse.PartitionData
                {
                    PartitionIndex = fetchPartition.Partition,
                    Records = ReadOnlyMemory<byte>.Empty,
                    AbortedTransactions = readCommitted ? [] : null,
                };
                topicResponse.Partitions.Add(partition);
                var log = topic is null ? null : broker.Replicas?.Find(topic.Name, fetchPartition.Partition);
                if (log is null)
                {
                    partition.ErrorCode = (short)(topic is null && version >= 13 ? ErrorCode.UnknownTopicId : ErrorCode.UnknownTopicOrPartition);
                    partition.HighWatermark = -1;
                    anyError = true;
                    continue;
                }
                long highWatermark = log.LogEndOffset;
                partition.HighWatermark = highWatermark;
                partition.LastStableOffset = highWatermark;
                partition.LogStartOffset = log.LogStartOffset;
                if (fetchPartition.CurrentLeaderEpoch > 0)
                {
                    partition.ErrorCode = (short)ErrorCode.UnknownLeaderEpoch;
                    anyError = true;
                    continue;
                }
                if (fetchPartition.FetchOffset < log.LogStartOffset || fetchPartition.FetchOffset > highWatermark)
                {
                    partition.ErrorCode = (short)ErrorCode.OffsetOutOfRange;
                    anyError = true;
                    continue;
                }
                waitOn.Add(broker.Replicas!.NextAppend(topic!.Name, fetchPartition.Partition));
                int limit = (int)Math.Min(fetchPartition.PartitionMaxBytes, Math.Max(0, budget));
                if (limit <= 0 && total > 0)
                {
                    continue;
                }
                try
                {
                    var read = log.Read(fetchPartition.FetchOffset, Math.Max(1, limit), highWatermark);
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
                    anyError = true;
                }
            }
        }
        return (leased, total, anyError, waitOn);
    }
}
