// AddPartitionsToTxn (key 24), versions 0-5.
// v0-3 (what clients send: librdkafka v0, the Java client and franz-go v3) add one producer's partitions to its
// transaction. v4+ batch transactions, each with its own results, and verifyOnly asks whether partitions are
// already in a transaction (NONE, or TRANSACTION_ABORTABLE) without adding them: the form brokers send to the
// coordinator. v5 means a transaction-version-2 producer (KIP-890). Every partition must exist (and from
// clients, v0-3, not be an internal topic: TOPIC_AUTHORIZATION_FAILED, as Kafka's authorizer answers) or nothing
// is added: the others get OPERATION_NOT_ATTEMPTED. Below v2, PRODUCER_FENCED is reported as INVALID_PRODUCER_EPOCH.
// Authorization: v0-3 (clients) need WRITE on the transactional id (else TRANSACTIONAL_ID_AUTHORIZATION_FAILED on every
// partition) and WRITE on each topic (TOPIC_AUTHORIZATION_FAILED, the others OPERATION_NOT_ATTEMPTED); v4+ (brokers
// verifying) need CLUSTER_ACTION on the cluster, else CLUSTER_AUTHORIZATION_FAILED.
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.Storage;
using static KafkaNet.Protocol.Messages.AddPartitionsToTxnResponse;

namespace KafkaNet.Broker.Handlers;

public sealed class AddPartitionsToTxnHandler : ApiHandler<AddPartitionsToTxnRequest, AddPartitionsToTxnResponse>
{
    public override short ApiKey => AddPartitionsToTxnRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 5;

    protected override async ValueTask<AddPartitionsToTxnResponse?> HandleAsync(RequestContext context, AddPartitionsToTxnRequest request, CancellationToken cancellationToken)
    {
        var response = new AddPartitionsToTxnResponse();
        if (context.ApiVersion >= 4 && !context.AllowsCluster(AclOperation.ClusterAction))
        {
            response.ErrorCode = (short)ErrorCode.ClusterAuthorizationFailed;
            return response;
        }
        if (context.ApiVersion < 4)
        {
            response.ResultsByTopicV3AndBelow = await AddAsync(context, request.V3AndBelowTransactionalId, request.V3AndBelowProducerId,
                request.V3AndBelowProducerEpoch, verifyOnly: false, request.V3AndBelowTopics).ConfigureAwait(false);
            return response;
        }
        foreach (var transaction in request.Transactions)
        {
            response.ResultsByTransaction.Add(new AddPartitionsToTxnResult
            {
                TransactionalId = transaction.TransactionalId,
                TopicResults = await AddAsync(context, transaction.TransactionalId, transaction.ProducerId, transaction.ProducerEpoch,
                    transaction.VerifyOnly, transaction.Topics).ConfigureAwait(false),
            });
        }
        return response;
    }

    private static async Task<List<AddPartitionsToTxnTopicResult>> AddAsync(RequestContext context, string transactionalId, long producerId,
        short producerEpoch, bool verifyOnly, List<AddPartitionsToTxnRequest.AddPartitionsToTxnTopic> topics)
    {
        var broker = context.Broker;
        var partitions = topics.SelectMany(t => t.Partitions.Select(p => new TopicPartition(t.Name, p))).Distinct().ToList();
        var refused = new Dictionary<TopicPartition, ErrorCode>();
        if (context.ApiVersion < 4 && !context.AllowsTransactionalId(AclOperation.Write, transactionalId))
        {
            return Answer(partitions, partitions.ToDictionary(p => p, _ => ErrorCode.TransactionalIdAuthorizationFailed));
        }
        var writable = context.ApiVersion < 4
            ? partitions.Select(p => p.Topic).Distinct(StringComparer.Ordinal).Where(t => context.AllowsTopic(AclOperation.Write, t)).ToHashSet(StringComparer.Ordinal)
            : null;
        foreach (var partition in partitions)
        {
            var topic = broker.Topics.Find(partition.Topic);
            if (context.ApiVersion < 4 && (TopicNames.IsInternal(partition.Topic) || !writable!.Contains(partition.Topic)))
            {
                refused[partition] = ErrorCode.TopicAuthorizationFailed;
            }
            else if (topic is null || partition.Partition < 0 || partition.Partition >= topic.PartitionCount)
            {
                refused[partition] = ErrorCode.UnknownTopicOrPartition;
            }
        }
        IReadOnlyDictionary<TopicPartition, ErrorCode> errors;
        if (refused.Count > 0)
        {
            errors = partitions.ToDictionary(p => p, p => refused.GetValueOrDefault(p, ErrorCode.OperationNotAttempted));
        }
        else if (verifyOnly)
        {
            errors = broker.Transactions.VerifyPartitions(transactionalId, producerId, producerEpoch, partitions);
        }
        else
        {
            short clientTransactionVersion = context.ApiVersion > 4 ? (short)2 : (short)0;
            var error = await broker.Transactions.AddPartitionsAsync(transactionalId, producerId, producerEpoch, partitions, clientTransactionVersion)
                .ConfigureAwait(false);
            if (error == ErrorCode.ProducerFenced && context.ApiVersion < 2)
            {
                error = ErrorCode.InvalidProducerEpoch;
            }
            errors = partitions.ToDictionary(p => p, _ => error);
        }
        return Answer(partitions, errors);
    }

    private static List<AddPartitionsToTxnTopicResult> Answer(List<TopicPartition> partitions, IReadOnlyDictionary<TopicPartition, ErrorCode> errors)
    {
        return partitions.GroupBy(p => p.Topic, StringComparer.Ordinal)
            .Select(g => new AddPartitionsToTxnTopicResult
            {
                Name = g.Key,
                ResultsByPartition = g.Select(p => new AddPartitionsToTxnPartitionResult { PartitionIndex = p.Partition, PartitionErrorCode = (short)errors[p] }).ToList(),
            })
            .ToList();
    }
}
