// TxnOffsetCommit (key 28), versions 0-5 (flexible from v3).
// A transactional producer commits a group's offsets inside its transaction. Partitions of unknown topics
// get UNKNOWN_TOPIC_OR_PARTITION and, when no partition is left, the group is not consulted at all. For the
// others: INVALID_GROUP_ID for an empty group id; the transaction coordinator's verification that
// __consumer_offsets is part of the transaction; then the group's checks (v3+ generation, member id and
// group instance id: ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID, FENCED_INSTANCE_ID; a group that does not exist
// is created as a simple group for generation -1) and OFFSET_METADATA_TOO_LARGE. The offsets are written as
// one transactional batch of the producer and stay invisible to OffsetFetch until the transaction's marker.
// v0-1 get COORDINATOR_NOT_AVAILABLE instead of COORDINATOR_LOAD_IN_PROGRESS, which those clients mishandle.
// Authorization: WRITE on the transactional id (TRANSACTIONAL_ID_AUTHORIZATION_FAILED), READ on the group
// (GROUP_AUTHORIZATION_FAILED), each on every partition, and READ on each topic (TOPIC_AUTHORIZATION_FAILED, not written).
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Broker.Groups.Offsets;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Handlers;

public sealed class TxnOffsetCommitHandler : ApiHandler<TxnOffsetCommitRequest, TxnOffsetCommitResponse>
{
    public override short ApiKey => TxnOffsetCommitRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 5;

    protected override async ValueTask<TxnOffsetCommitResponse?> HandleAsync(RequestContext context, TxnOffsetCommitRequest request, CancellationToken cancellationToken)
    {
        var broker = context.Broker;
        var denied = !context.AllowsTransactionalId(AclOperation.Write, request.TransactionalId) ? ErrorCode.TransactionalIdAuthorizationFailed
            : !context.AllowsGroup(AclOperation.Read, request.GroupId) ? ErrorCode.GroupAuthorizationFailed
            : ErrorCode.None;
        var entries = new List<OffsetCommitEntry>();
        var entryOf = new List<int>(); // per partition of the request: its entry, -1 for an unknown partition, -2 for a refused topic
        foreach (var topic in request.Topics)
        {
            var info = broker.Topics.Find(topic.Name);
            bool readable = denied == ErrorCode.None && context.AllowsTopic(AclOperation.Read, topic.Name);
            foreach (var partition in topic.Partitions)
            {
                bool exists = info is not null && partition.PartitionIndex >= 0 && partition.PartitionIndex < info.PartitionCount;
                if (!readable)
                {
                    entryOf.Add(-2);
                    continue;
                }
                entryOf.Add(exists ? entries.Count : -1);
                if (exists)
                {
                    entries.Add(new OffsetCommitEntry(topic.Name, Guid.Empty, partition.PartitionIndex, partition.CommittedOffset,
                        partition.CommittedLeaderEpoch, partition.CommittedMetadata, TopicExists: true));
                }
            }
        }
        (ErrorCode GroupError, ErrorCode[] Errors) result = (ErrorCode.None, new ErrorCode[entries.Count]);
        if (entries.Count > 0)
        {
            result = await CommitAsync(context, request, entries).ConfigureAwait(false);
        }
        if (context.ApiVersion < 2 && result.GroupError == ErrorCode.CoordinatorLoadInProgress)
        {
            result.GroupError = ErrorCode.CoordinatorNotAvailable;
        }
        var response = new TxnOffsetCommitResponse();
        int position = 0;
        foreach (var topic in request.Topics)
        {
            var topicResponse = new TxnOffsetCommitResponse.TxnOffsetCommitResponseTopic { Name = topic.Name };
            foreach (var partition in topic.Partitions)
            {
                int entry = entryOf[position++];
                var error = denied != ErrorCode.None ? denied
                    : entry == -2 ? ErrorCode.TopicAuthorizationFailed
                    : entry < 0 ? ErrorCode.UnknownTopicOrPartition
                    : result.GroupError != ErrorCode.None ? result.GroupError
                    : result.Errors[entry];
                topicResponse.Partitions.Add(new TxnOffsetCommitResponse.TxnOffsetCommitResponsePartition
                {
                    PartitionIndex = partition.PartitionIndex,
                    ErrorCode = (short)error,
                });
            }
            response.Topics.Add(topicResponse);
        }
        return response;
    }

    private static async Task<(ErrorCode GroupError, ErrorCode[] Errors)> CommitAsync(RequestContext context, TxnOffsetCommitRequest request, List<OffsetCommitEntry> entries)
    {
        var broker = context.Broker;
        if (request.GroupId.Length == 0)
        {
            return (ErrorCode.InvalidGroupId, new ErrorCode[entries.Count]);
        }
        // Kafka verifies with the transaction coordinator that the group's partition of __consumer_offsets is in
        // the transaction before writing to it.
        var verified = broker.Transactions.VerifyTransactionalProduce(request.TransactionalId, request.ProducerId, request.ProducerEpoch,
            TopicNames.ConsumerOffsets, broker.Groups.PartitionFor(request.GroupId));
        if (verified != ErrorCode.None)
        {
            return (VerificationError(verified, context.ApiVersion), new ErrorCode[entries.Count]);
        }
        return await broker.Groups.CommitTransactionalOffsetsAsync(request.GroupId, request.ProducerId, request.ProducerEpoch,
            request.MemberId, request.GroupInstanceId, request.GenerationId, entries).ConfigureAwait(false);
    }

    /// <summary>
    /// The transaction coordinator's answer as the group coordinator passes it on: a transaction coordinator that is
    /// busy or elsewhere means "try again" (COORDINATOR_NOT_AVAILABLE, as Kafka's coordinator maps the retriable
    /// verification errors), never NOT_COORDINATOR, which would send the client looking for another group coordinator.
    /// TRANSACTION_ABORTABLE (a partition not in the transaction) exists for clients from v5 (KIP-1050); older ones get
    /// INVALID_TXN_STATE.
    /// </summary>
    private static ErrorCode VerificationError(ErrorCode error, short version) => error switch
    {
        ErrorCode.TransactionAbortable when version < 5 => ErrorCode.InvalidTxnState,
        ErrorCode.ConcurrentTransactions or ErrorCode.CoordinatorLoadInProgress or ErrorCode.CoordinatorNotAvailable
            or ErrorCode.NotCoordinator or ErrorCode.NetworkException => ErrorCode.CoordinatorNotAvailable,
        ErrorCode.ProducerFenced => ErrorCode.InvalidProducerEpoch,
        _ => error,
    };
}
