// Produce (key 0), versions 0-13 advertised as Kafka 4 does; v0-2 close the connection.
// Each partition must carry exactly one v2 batch (Kafka's rule since v3). It is checked here for
// Kafka's error codes before it reaches the log: CORRUPT_MESSAGE for bad CRCs or lengths,
// INVALID_RECORD for other magics, several batches, records that do not parse or disagree with
// the declared count and keyless records on compacted topics, MESSAGE_TOO_LARGE over
// max.message.bytes, UNSUPPORTED_COMPRESSION_TYPE for zstd below v7, INVALID_TIMESTAMP outside
// message.timestamp.before/after.max.ms. acks=0 sends no response and closes the connection if
// anything failed; acks=-1 needs min.insync.replicas <= 1 on a single node (NOT_ENOUGH_REPLICAS).
// A topic whose compression.type names a codec ("uncompressed", "gzip", ...) gets its batches
// re-encoded with it; "producer" (the default) keeps the producer's codec. Internal topics
// (__consumer_offsets) refuse client appends with INVALID_TOPIC_EXCEPTION, as Kafka does.
// Deviations: record offset deltas must run 0, 1, 2... (Kafka rewrites other deltas instead);
// idempotent and transactional producers are not validated yet.
using System.Runtime.InteropServices;
using KafkaNet.Broker.Storage;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.Protocol.Records;
using KafkaNet.Storage;

namespace KafkaNet.Broker.Handlers;

public sealed class ProduceHandler : ApiHandler<ProduceRequest, ProduceResponse>
{
    public override short ApiKey => ProduceRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 13;

    protected override async ValueTask<ProduceResponse?> HandleAsync(RequestContext context, ProduceRequest request, CancellationToken cancellationToken)
    {
        if (context.ApiVersion < 3)
        {
            // Advertised for librdkafka's feature detection; the old message formats are gone since Kafka 4.
            context.CloseConnection = true;
            return null;
        }
        var broker = context.Broker;
        var response = new ProduceResponse();
        var pending = new List<(ProduceResponse.PartitionProduceResponse Response, PartitionLog Log, Task<LogAppendInfo> Append, string Topic)>();
        bool anyError = false;
        foreach (var topicData in request.TopicData)
        {
            var topic = context.ApiVersion >= 13 ? broker.Topics.Find(topicData.TopicId) : broker.Topics.Find(topicData.Name);
            var topicResponse = new ProduceResponse.TopicProduceResponse { Name = topicData.Name, TopicId = topicData.TopicId };
            response.Responses.Add(topicResponse);
            foreach (var partitionData in topicData.PartitionData)
            {
                var partitionResponse = new ProduceResponse.PartitionProduceResponse { Index = partitionData.Index, BaseOffset = -1 };
                topicResponse.PartitionResponses.Add(partitionResponse);
                var log = topic is null ? null : broker.Replicas?.Find(topic.Name, partitionData.Index);
                string? message = null;
                int recordIndex = -1;
                var error = log is null
                    ? (topic is null && context.ApiVersion >= 13 ? ErrorCode.UnknownTopicId : ErrorCode.UnknownTopicOrPartition)
                    : topic!.IsInternal
                    ? InternalTopic(topic.Name, out message)
                    : ProduceValidator.Check(request.Acks, context.ApiVersion, partitionData.Records, log, broker.TopicConfigResolver, topic!.Configs, out message, out recordIndex);
                if (log is not null && error == ErrorCode.None)
                {
                    try
                    {
                        var records = TopicCodec.Apply(partitionData.Records!.Value, broker.TopicConfigResolver, topic!.Configs, log.Config.MaxMessageBytes);
                        // ProduceValidator has read every batch (CRC, framing, records); re-encoded batches are built here.
                        var append = log.AppendAsLeaderAsync(records, leaderEpoch: 0, checksumVerified: true);
                        pending.Add((partitionResponse, log, append, topic!.Name));
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
                }
                anyError = true;
                partitionResponse.ErrorCode = (short)error;
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

        foreach (var (partitionResponse, log, append, topic) in pending)
        {
            var info = await append.ConfigureAwait(false);
            partitionResponse.BaseOffset = info.FirstOffset;
            partitionResponse.LogAppendTimeMs = info.LogAppendTime;
            partitionResponse.LogStartOffset = log.LogStartOffset;
            broker.Replicas!.NotifyAppended(topic, partitionResponse.Index);
        }

        if (request.Acks == 0)
        {
            return null;
        }
        return response;
    }

    /// <summary>Only the coordinators write to internal topics; a client append would corrupt their state.</summary>
    private static ErrorCode InternalTopic(string name, out string? message)
    {
        message = $"Cannot append to internal topic {name}";
        return ErrorCode.InvalidTopicException;
    }
}
