// Fetch (key 1), versions 0-18.
// Reads whole batches from the offset asked for (the batch containing it, never skipping it), up
// to each partition's max bytes and the response's max bytes, always at least one batch for the
// first partition with data (KIP-74), and never beyond the high watermark (the log end on a
// single node). isolation_level 1 (read_committed) reads only up to the last stable offset and
// gets the aborted transactions overlapping what it read (from the fetch offset to the end of the
// segment read, as Kafka bounds it); the last stable offset is in every partition. Aborted lists
// are encoded as Kafka does: null for read_uncommitted and for errors met reading, empty for
// unknown partitions. Waits up to max.wait.ms for min.bytes, woken by appends and transaction
// markers; a read_committed wait looks again when the last stable offset moves, not the log end.
// Partitions without data carry an empty record set, never null. Topic ids from v13. Record data
// is sent from the log files (sendfile).
// Fetch sessions (KIP-227, v7+): full and incremental requests, forgotten topics, epochs
// checked (INVALID_FETCH_SESSION_EPOCH, FETCH_SESSION_ID_NOT_FOUND), bounded cache with eviction;
// a moved last stable offset counts as news, like the high watermark and log start.
// v0-3 (read_uncommitted, no sessions, no log start or aborted list; throttle time from v1, response
// max bytes from v3) get the same read down-converted to magic 0 (v0-1) or magic 1 (v2-3) message
// sets in pooled buffers, as Kafka does for old fetchers; zstd data answers UNSUPPORTED_COMPRESSION_TYPE.
// Before v10 (KIP-110) a topic whose compression.type is zstd answers UNSUPPORTED_COMPRESSION_TYPE.
// Follower fetches (replica id >= 0; from v15 in the replica state) read up to the log end, record the follower's
// fetch offset as its log end offset (which may move the high watermark), wait for appends rather than watermark
// moves, and answer DivergingEpoch without records when the last fetched epoch and fetch offset are not in the
// leader's epoch history. A fetch from a broker that is not a replica gets NOT_LEADER_OR_FOLLOWER, as Kafka answers.
// KIP-392: consumers from v11 may read from a follower, up to its high watermark (woken when it moves); with the
// rack-aware replica.selector.class a leader answers a consumer in another replica's rack with that preferred read
// replica and no records, without waiting.
// Authorization: a follower fetch needs CLUSTER_ACTION on the cluster, a consumer READ on each topic, else
// TOPIC_AUTHORIZATION_FAILED on the partitions (a topic id this broker does not know stays UNKNOWN_TOPIC_ID).
using System.Diagnostics;
using KafkaNet.Broker.Fetch;
using KafkaNet.Broker.Network;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.Storage;

namespace KafkaNet.Broker.Handlers;

public sealed class FetchHandler : IApiHandler
{
    private readonly FetchSessionCache _sessions;

    public FetchHandler()
        : this(new FetchSessionCache())
    {
    }

    internal FetchHandler(FetchSessionCache sessions) => _sessions = sessions;

    public short ApiKey => FetchRequest.ApiKey;

    public short LowestVersion => 0;

    public short HighestVersion => 18;

    /// <summary>
    /// Returns a <see cref="LeasedResponse"/> from v4 (record data stays in the log files until it is sent) and a
    /// <see cref="DownConvertedResponse"/> before.
    /// </summary>
    public async ValueTask<IKafkaMessage?> HandleAsync(RequestContext context, IKafkaMessage message, CancellationToken cancellationToken)
    {
        var request = (FetchRequest)message;
        var (session, error) = context.ApiVersion >= 7 ? OpenSession(request, context.ApiVersion) : (null, ErrorCode.None);
        if (error != ErrorCode.None)
        {
            context.Broker.Metrics.RecordError("Fetch", error);
            return new FetchResponse { ErrorCode = (short)error };
        }
        var partitions = session is null ? FromRequest(request, context.ApiVersion) : session.Order;
        bool incremental = session is not null && request.SessionEpoch > 0;
        long deadline = Stopwatch.GetTimestamp() + (long)(Math.Max(0, request.MaxWaitMs) * (double)Stopwatch.Frequency / 1000);
        FetchWaiter? waiter = null;
        var watched = new List<WatchedPartition>();
        var sent = new List<(FetchSessionPartition Entry, FetchResponse.PartitionData Data)>();
        try
        {
            while (true)
            {
                watched.Clear();
                sent.Clear();
                var (response, bytes, answerNow) = FetchReader.Read(context, request, partitions, incremental, watched, sent);
                if (bytes >= request.MinBytes || answerNow || Stopwatch.GetTimestamp() >= deadline || watched.Count == 0)
                {
                    ((FetchResponse)response.Message).SessionId = session?.Id ?? 0;
                    foreach (var (entry, data) in sent)
                    {
                        entry.Sent(data);
                    }
                    CountSent(context, request, sent);
                    if (FetchReader.ReplicaIdOf(request, context.ApiVersion) < 0)
                    {
                        // Followers replicate outside client quotas, as in Kafka.
                        context.Broker.ClientQuotas.Fetched(context, (FetchResponse)response.Message, bytes);
                    }
                    return context.ApiVersion >= 4 ? response : FetchDownConverter.Convert(response, sent, context.ApiVersion, request.MaxBytes);
                }
                response.Dispose();
                bool first = waiter is null;
                waiter ??= new FetchWaiter(deadline);
                waiter.Arm();
                if (first)
                {
                    context.Broker.Replicas!.FetchDeadlines.Add(waiter);
                }
                var watchers = FetchReader.ReplicaIdOf(request, context.ApiVersion) >= 0 ? context.Broker.Replicas!.ReplicaFetchWatchers : context.Broker.Replicas!.FetchWatchers;
                await WaitForAppendAsync(watchers, waiter, watched, cancellationToken).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        finally
        {
            waiter?.Retire();
        }
    }

    /// <summary>
    /// Waits on an armed waiter until a watched partition grows, the deadline passes or the
    /// connection closes. Read bounds and the deadline are looked at again after arming, so an
    /// append, a marker or the deadline's timer that came between the read and the arming is not missed.
    /// </summary>
    private static async ValueTask WaitForAppendAsync(PartitionWatchers watchers, FetchWaiter waiter, List<WatchedPartition> watched, CancellationToken cancellationToken)
    {
        foreach (var partition in watched)
        {
            watchers.Watch(partition.Partition, waiter);
        }
        bool due = Stopwatch.GetTimestamp() >= waiter.Deadline;
        foreach (var partition in watched)
        {
            due |= partition.HasMoved;
        }
        if (due)
        {
            waiter.TryWake();
        }
        using var registration = cancellationToken.UnsafeRegister(static s => ((FetchWaiter)s!).TryWake(), waiter);
        await waiter.WaitAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Session id 0 and epoch 0 opens a session; id 0 and epoch -1 fetches without one; a known id
    /// with epoch -1 closes it; a known id with the expected epoch is an incremental fetch.
    /// </summary>
    private (FetchSession? Session, ErrorCode Error) OpenSession(FetchRequest request, short version)
    {
        if (request.SessionEpoch == -1)
        {
            if (request.SessionId != 0)
            {
                _sessions.Remove(request.SessionId);
            }
            return (null, ErrorCode.None);
        }
        FetchSession? session;
        if (request.SessionEpoch == 0)
        {
            session = _sessions.Create();
            if (session is null)
            {
                return (null, ErrorCode.None);
            }
        }
        else
        {
            session = _sessions.Find(request.SessionId);
            if (session is null)
            {
                return (null, ErrorCode.FetchSessionIdNotFound);
            }
            if (request.SessionEpoch != session.NextEpoch)
            {
                return (null, ErrorCode.InvalidFetchSessionEpoch);
            }
        }
        lock (session)
        {
            session.NextEpoch = request.SessionEpoch + 1;
            foreach (var topic in request.Topics)
            {
                foreach (var p in topic.Partitions)
                {
                    var entry = session.Upsert(Key(topic.Topic, topic.TopicId, version), topic.Topic, topic.TopicId, p.Partition);
                    (entry.FetchOffset, entry.MaxBytes, entry.CurrentLeaderEpoch, entry.LastFetchedEpoch) = (p.FetchOffset, p.PartitionMaxBytes, p.CurrentLeaderEpoch, p.LastFetchedEpoch);
                }
            }
            foreach (var forgotten in request.ForgottenTopicsData)
            {
                foreach (int partition in forgotten.Partitions)
                {
                    session.Remove(Key(forgotten.Topic, forgotten.TopicId, version), partition);
                }
            }
        }
        return (session, ErrorCode.None);
    }

    // BytesOutPerSec per topic for consumers (a follower's reads are replication, which Kafka counts apart) and
    // ErrorsPerSec{request=Fetch} per partition answered with an error.
    private static void CountSent(RequestContext context, FetchRequest request, List<(FetchSessionPartition Entry, FetchResponse.PartitionData Data)> sent)
    {
        var broker = context.Broker;
        bool consumer = FetchReader.ReplicaIdOf(request, context.ApiVersion) < 0;
        foreach (var (entry, data) in sent)
        {
            if (data.ErrorCode != 0)
            {
                broker.Metrics.RecordError("Fetch", (ErrorCode)data.ErrorCode);
            }
            else if (consumer && data.Records is { Length: > 0 } records && (entry.Topic ?? broker.Topics.Find(entry.TopicId)?.Name) is { } topic)
            {
                broker.Metrics.RecordFetched(topic, records.Length);
            }
        }
    }

    private static string Key(string? topic, Guid topicId, short version) => version >= 13 ? topicId.ToString("N") : topic ?? "";

    private static List<FetchSessionPartition> FromRequest(FetchRequest request, short version)
    {
        var partitions = new List<FetchSessionPartition>();
        foreach (var topic in request.Topics)
        {
            foreach (var p in topic.Partitions)
            {
                partitions.Add(new FetchSessionPartition(version >= 13 ? null : topic.Topic, topic.TopicId, p.Partition)
                {
                    FetchOffset = p.FetchOffset,
                    MaxBytes = p.PartitionMaxBytes,
                    CurrentLeaderEpoch = p.CurrentLeaderEpoch,
                    LastFetchedEpoch = p.LastFetchedEpoch,
                });
            }
        }
        return partitions;
    }
}
