// Produce (key 0), versions 0-13. v0-2 carry v0/v1 message sets: each is read (CORRUPT_MESSAGE for bad CRCs,
// sizes, magics or inner offsets) and converted to one v2 batch, which then takes the v3+ checks and append below;
// a v2 batch in v0-2 is taken as it is (Kafka never checked the magic of old requests); an empty set appends nothing
// and answers base offset -1, as Kafka's log does for no batches.
// From v3 each partition must carry exactly one v2 batch (Kafka's rule). It is checked here for
// Kafka's error codes before it reaches the log: CORRUPT_MESSAGE for bad CRCs or lengths,
// INVALID_RECORD for other magics, several batches, records that do not parse or disagree with
// the declared count, keyless records on compacted topics, control batches (only the transaction
// coordinator writes markers) and producer ids without a base sequence, MESSAGE_TOO_LARGE over
// max.message.bytes, UNSUPPORTED_COMPRESSION_TYPE for zstd below v7, INVALID_TIMESTAMP outside
// message.timestamp.before/after.max.ms. acks=0 sends no response and closes the connection if
// anything failed; acks=-1 needs an ISR at least min.insync.replicas large (NOT_ENOUGH_REPLICAS, nothing appended)
// and answers once the high watermark passes the batch (NOT_ENOUGH_REPLICAS_AFTER_APPEND if the ISR shrank below
// it meanwhile, REQUEST_TIMED_OUT after timeout_ms); on a single node the watermark moves with the append.
// A topic whose compression.type names a codec ("uncompressed", "gzip", ...) gets its batches
// re-encoded with it; "producer" (the default) keeps the producer's codec. Internal topics
// (__consumer_offsets) refuse client appends with INVALID_TOPIC_EXCEPTION, as Kafka does.
// Idempotent and transactional producers: a transactional batch in a request without a
// transactional id fails the whole request with TRANSACTIONAL_ID_AUTHORIZATION_FAILED, and
// transactional batches of two producers in one request with INVALID_PRODUCER_ID_MAPPING. A
// transactional batch is verified with the transaction coordinator first (the partition must be
// in the producer's transaction; refusals translated as Kafka does: INVALID_TXN_STATE,
// INVALID_PRODUCER_EPOCH, NOT_ENOUGH_REPLICAS for coordinator errors). The partition's producer
// state then checks epoch and sequence: INVALID_PRODUCER_EPOCH, OUT_OF_ORDER_SEQUENCE_NUMBER,
// UNKNOWN_PRODUCER_ID, INVALID_TXN_STATE, TRANSACTION_COORDINATOR_FENCED. A retried batch that
// repeats one of the producer's last five answers NONE with its original base offset, the
// original batch's max timestamp as log_append_time and the current log start, writing nothing.
// As in Kafka, acks is not checked against idempotence (the clients require acks=all themselves).
// A partition this node does not lead gets NOT_LEADER_OR_FOLLOWER; from v10 its current leader and
// that leader's endpoint are named (KIP-951) so the client need not refresh its metadata first.
// Authorization (Kafka's table): a request carrying transactional records needs WRITE on its transactional id, else
// the whole request gets TRANSACTIONAL_ID_AUTHORIZATION_FAILED (a transactional id on a request without transactional
// records is not checked); each topic needs WRITE (TOPIC_AUTHORIZATION_FAILED on its partitions, known
// or not; a topic id this broker does not know stays UNKNOWN_TOPIC_ID). Checked once per topic, before anything is read.
// Deviation: record offset deltas must run 0, 1, 2... (Kafka rewrites other deltas instead).
using KafkaNet.Broker.Metadata;
using KafkaNet.Broker.Replication;
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Broker.Transactions;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.Protocol.Records;
using KafkaNet.Storage;
using KafkaNet.Storage.Producers;

namespace KafkaNet.Broker.Handlers;

public sealed class ProduceHandler : ApiHandler<ProduceRequest, ProduceResponse>
{
    private static readonly IReadOnlyDictionary<string, string> EmptyConfigs = new Dictionary<string, string>();

    private readonly Func<KafkaBroker, string?, long, short, string, int, CancellationToken, ValueTask<ErrorCode>> _verifyTransactional;

    public ProduceHandler()
        : this(TransactionVerification.VerifyAsync)
    {
    }

    /// <summary>With another transaction verification than the broker's coordinator (tests).</summary>
    internal ProduceHandler(Func<KafkaBroker, string?, long, short, string, int, CancellationToken, ValueTask<ErrorCode>> verifyTransactional) =>
        _verifyTransactional = verifyTransactional;

    public override short ApiKey => ProduceRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 13;

    protected override async ValueTask<ProduceResponse?> HandleAsync(RequestContext context, ProduceRequest request, CancellationToken cancellationToken)
    {
        var refused = ProduceValidator.CheckTransactionalBatches(request, out string? refusal, out bool transactional);
        // As Kafka, the transactional id is authorized only for a request that carries transactional records.
        if (transactional && request.TransactionalId is { } transactionalId && !context.AllowsTransactionalId(AclOperation.Write, transactionalId))
        {
            (refused, refusal) = (ErrorCode.TransactionalIdAuthorizationFailed, null);
        }
        if (refused != ErrorCode.None)
        {
            var refusedAll = RefuseAll(context, request, refused, refusal);
            if (refusedAll is not null)
            {
                CountErrors(context.Broker, refusedAll);
            }
            return refusedAll;
        }
        var broker = context.Broker;
        var response = new ProduceResponse();
        var pending = new List<(ProduceResponse.PartitionProduceResponse Response, PartitionLog Log, Task<LogAppendInfo> Append, string Topic, PartitionLeaderState? Leader)>();
        List<(ProduceResponse.PartitionProduceResponse Response, Task<ErrorCode> Replicated)>? replicating = null;
        bool anyError = false;
        foreach (var topicData in request.TopicData)
        {
            var topic = context.ApiVersion >= 13 ? broker.Topics.Find(topicData.TopicId) : broker.Topics.Find(topicData.Name);
            var topicResponse = new ProduceResponse.TopicProduceResponse { Name = topicData.Name, TopicId = topicData.TopicId };
            response.Responses.Add(topicResponse);
            string? topicName = context.ApiVersion >= 13 ? topic?.Name : topicData.Name;
            bool writable = topicName is null || context.AllowsTopic(AclOperation.Write, topicName);
            foreach (var partitionData in topicData.PartitionData)
            {
                var partitionResponse = new ProduceResponse.PartitionProduceResponse { Index = partitionData.Index, BaseOffset = -1 };
                topicResponse.PartitionResponses.Add(partitionResponse);
                var log = topic is null ? null : broker.Replicas?.Find(topic.Name, partitionData.Index);
                string? message = null;
                int recordIndex = -1;
                RecordBatchHeader header = default;
                var records = partitionData.Records;
                PooledBufferWriter? converted = null;
                try
                {
                    var leadership = topic is null ? ErrorCode.None : Leadership.Check(broker.Topics.NodeId, topic, partitionData.Index);
                    var error = !writable
                        ? ErrorCode.TopicAuthorizationFailed
                        : leadership != ErrorCode.None
                        ? NotLeader(context, response, partitionResponse, topic!, partitionData.Index)
                        : log is null
                        ? (topic is null && context.ApiVersion >= 13 ? ErrorCode.UnknownTopicId : ErrorCode.UnknownTopicOrPartition)
                        : topic!.IsInternal
                        ? InternalTopic(topic.Name, out message)
                        : context.ApiVersion < 3 && LegacyProduceConversion.IsLegacy(records)
                        ? LegacyProduceConversion.Convert(records!.Value, out converted, out message)
                        : ErrorCode.None;
                    if (error == ErrorCode.None && context.ApiVersion < 3 && records is not { Length: > 0 })
                    {
                        continue;
                    }
                    if (converted is not null)
                    {
                        records = converted.WrittenMemory;
                    }
                    var leader = error == ErrorCode.None ? broker.Replicas!.Replication?.Find(topic!.Name, partitionData.Index) : null;
                    if (error == ErrorCode.None)
                    {
                        error = ProduceValidator.Check(request.Acks, context.ApiVersion, records, log!, broker.TopicConfigResolver, topic!.Configs, out message, out recordIndex, out header,
                            leader?.Isr.Length ?? 1);
                    }
                    if (error == ErrorCode.None && header.IsTransactional && header.ProducerId >= 0)
                    {
                        var verdict = await _verifyTransactional(broker, request.TransactionalId, header.ProducerId, header.ProducerEpoch,
                            topic!.Name, partitionData.Index, cancellationToken).ConfigureAwait(false);
                        error = verdict == ErrorCode.None ? ErrorCode.None : ProduceValidator.VerificationError(verdict, context.ApiVersion, out message);
                    }
                    if (log is not null && error == ErrorCode.None)
                    {
                        try
                        {
                            var batch = TopicCodec.Apply(records!.Value, broker.TopicConfigResolver, topic!.Configs, log.Config.MaxMessageBytes);
                            // ProduceValidator has read every batch (CRC, framing, records); re-encoded batches are built here.
                            // The log copies the batch before returning, so a converted batch's buffer is free after this call.
                            var append = log.AppendAsLeaderAsync(batch, Leadership.LeaderEpoch(topic, partitionData.Index), checksumVerified: true, AppendOrigin.Client);
                            pending.Add((partitionResponse, log, append, topic!.Name, request.Acks == -1 ? leader : null));
                            continue;
                        }
                        catch (InvalidRecordBatchException e)
                        {
                            // Ok with an exception means valid but over max.message.bytes (possible after re-encoding).
                            (error, message) = (e.Problem == RecordBatchValidationResult.Ok ? ErrorCode.MessageTooLarge : ErrorCode.CorruptMessage, e.Message);
                        }
                        catch (CorruptRecordException e)
                        {
                            (error, message) = (ErrorCode.CorruptMessage, e.Message);
                        }
                        catch (ProducerAppendException e)
                        {
                            error = ProducerRefused(partitionResponse, log, e);
                            message = e.Message;
                        }
                    }
                    partitionResponse.ErrorCode = (short)error;
                }
                finally
                {
                    converted?.Dispose();
                }
                anyError = true;
                partitionResponse.ErrorMessage = message;
                if (recordIndex >= 0)
                {
                    // v8+: which record of the batch was refused, as Kafka reports INVALID_RECORD and INVALID_TIMESTAMP.
                    partitionResponse.RecordErrors.Add(new ProduceResponse.BatchIndexAndErrorMessage { BatchIndex = recordIndex, BatchIndexErrorMessage = message });
                }
            }
        }

        if (request.Acks == 0)
        {
            // Decided before the first await: a connection serving requests in a pipeline must know it before the next one starts.
            context.CloseConnection = anyError;
        }

        foreach (var (partitionResponse, log, append, topic, leader) in pending)
        {
            LogAppendInfo info;
            try
            {
                info = await append.ConfigureAwait(false);
            }
            catch (ProducerAppendException e)
            {
                partitionResponse.ErrorCode = (short)ProducerRefused(partitionResponse, log, e);
                partitionResponse.ErrorMessage = e.Message;
                continue;
            }
            partitionResponse.BaseOffset = info.FirstOffset;
            partitionResponse.LogStartOffset = log.LogStartOffset;
            if (leader is not null)
            {
                var minIsr = ProduceValidator.MinInsync(broker.TopicConfigResolver, broker.Topics.Find(topic)?.Configs ?? EmptyConfigs);
                (replicating ??= []).Add((partitionResponse, leader.WaitForHighWatermarkAsync(info.LastOffset + 1, minIsr)));
            }
            if (info.Duplicate)
            {
                // Kafka answers a retry with the metadata it kept of the original batch; nothing new to wake fetches for.
                partitionResponse.LogAppendTimeMs = info.MaxTimestamp;
                continue;
            }
            partitionResponse.LogAppendTimeMs = info.LogAppendTime;
            broker.Metrics.RecordProduced(topic, info.RecordCount, info.Bytes);
            broker.Replicas!.NotifyAppended(topic, partitionResponse.Index, log);
        }

        if (replicating is not null)
        {
            await AwaitReplicationAsync(replicating, request.TimeoutMs, cancellationToken).ConfigureAwait(false);
        }
        CountErrors(broker, response);
        broker.ClientQuotas.Produced(context, response);

        if (request.Acks == 0)
        {
            return null;
        }
        return response;
    }

    /// <summary>
    /// acks=all: waits, without holding a thread, until the high watermark passes each appended batch or the
    /// request's timeout passes (REQUEST_TIMED_OUT for the partitions still waiting, as Kafka's delayed produce).
    /// </summary>
    private static async ValueTask AwaitReplicationAsync(
        List<(ProduceResponse.PartitionProduceResponse Response, Task<ErrorCode> Replicated)> replicating, int timeoutMs, CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAll(replicating.Select(r => r.Replicated)).WaitAsync(TimeSpan.FromMilliseconds(Math.Max(0, timeoutMs)), cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Answered below: the partitions not yet replicated time out.
        }
        foreach (var (response, replicated) in replicating)
        {
            response.ErrorCode = (short)(replicated.IsCompletedSuccessfully ? replicated.Result : ErrorCode.RequestTimedOut);
        }
    }

    // ErrorsPerSec{request=Produce}: one per partition answered with an error.
    private static void CountErrors(KafkaBroker broker, ProduceResponse response)
    {
        foreach (var topic in response.Responses)
        {
            foreach (var partition in topic.PartitionResponses)
            {
                if (partition.ErrorCode != 0)
                {
                    broker.Metrics.RecordError("Produce", (ErrorCode)partition.ErrorCode);
                }
            }
        }
    }

    /// <summary>NOT_LEADER_OR_FOLLOWER, naming the current leader and its endpoint from v10 (KIP-951).</summary>
    private static ErrorCode NotLeader(RequestContext context, ProduceResponse response, ProduceResponse.PartitionProduceResponse partitionResponse, Topics.TopicInfo topic, int partition)
    {
        if (context.ApiVersion >= 10 && topic.Partition(partition) is { } state)
        {
            partitionResponse.CurrentLeader = new ProduceResponse.LeaderIdAndEpoch { LeaderId = state.Leader, LeaderEpoch = state.LeaderEpoch };
            var leader = context.Broker.Cluster.Find(state.Leader);
            if (leader is not null && !response.NodeEndpoints.Any(e => e.NodeId == leader.Id))
            {
                // The listener a request arrived on is not known here yet, so the reported endpoint is given.
                response.NodeEndpoints.Add(new ProduceResponse.NodeEndpoint { NodeId = leader.Id, Host = leader.Endpoint.Host, Port = leader.Endpoint.Port, Rack = leader.Rack });
            }
        }
        return ErrorCode.NotLeaderOrFollower;
    }

    /// <summary>Only the coordinators write to internal topics; a client append would corrupt their state.</summary>
    private static ErrorCode InternalTopic(string name, out string? message)
    {
        message = $"Cannot append to internal topic {name}";
        return ErrorCode.InvalidTopicException;
    }

    /// <summary>A transactional batch may only land in a partition of its producer's ongoing transaction (KIP-890).</summary>

    /// <summary>The producer state refused the batch: Kafka reports the log start offset beside the error.</summary>
    private static ErrorCode ProducerRefused(ProduceResponse.PartitionProduceResponse response, PartitionLog log, ProducerAppendException e)
    {
        response.LogStartOffset = log.LogStartOffset;
        return ProduceValidator.ProducerError(e.Error);
    }

    /// <summary>A request refused before any partition is looked at: every partition gets the same error, as in Kafka.</summary>
    private static ProduceResponse? RefuseAll(RequestContext context, ProduceRequest request, ErrorCode error, string? message)
    {
        if (request.Acks == 0)
        {
            context.CloseConnection = true;
            return null;
        }
        var response = new ProduceResponse();
        foreach (var topicData in request.TopicData)
        {
            var topicResponse = new ProduceResponse.TopicProduceResponse { Name = topicData.Name, TopicId = topicData.TopicId };
            response.Responses.Add(topicResponse);
            foreach (var partitionData in topicData.PartitionData)
            {
                topicResponse.PartitionResponses.Add(new ProduceResponse.PartitionProduceResponse
                {
                    Index = partitionData.Index,
                    ErrorCode = (short)error,
                    ErrorMessage = message,
                    BaseOffset = -1,
                });
            }
        }
        return response;
    }
}
