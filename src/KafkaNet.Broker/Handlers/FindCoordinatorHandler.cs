// FindCoordinator (key 10), versions 0-6. v4+ batches keys, each with its own error.
// Groups (key type 0), single node: the first request creates __consumer_offsets (offsets.topic.num.partitions),
// as Kafka does, and this broker, which leads every partition, is the coordinator; a partition still loading
// answers COORDINATOR_LOAD_IN_PROGRESS. In a cluster (a metadata image published) the coordinator is the leader
// of the group's partition, with its endpoint from the live brokers; COORDINATOR_NOT_AVAILABLE while the
// partition has no live leader, or while the topic does not exist yet (the controller is asked to create it).
// Transactional ids (key type 1, v1+): the first request creates __transaction_state
// (transaction.state.log.num.partitions) and this broker coordinates every id; as Kafka, the answer does not
// wait for the id's partition to load (its requests get COORDINATOR_LOAD_IN_PROGRESS meanwhile).
// Share-partitions (key type 2, v6+, only while share groups are enabled; INVALID_REQUEST otherwise, as a broker without
// a share coordinator answers): the key is "groupId:topicId:partition" (INVALID_REQUEST when malformed) and the
// coordinator is the leader of its partition of __share_group_state, created on first use like __consumer_offsets.
// Any other key type gets INVALID_REQUEST.
// Authorization: DESCRIBE on the group (GROUP_AUTHORIZATION_FAILED) or the transactional id
// (TRANSACTIONAL_ID_AUTHORIZATION_FAILED) named by each key; CLUSTER_ACTION on the cluster for share-partitions
// (CLUSTER_AUTHORIZATION_FAILED), which only brokers look up.
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Broker.Metadata;
using KafkaNet.Broker.Shares.Coordinator;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Handlers;

public sealed class FindCoordinatorHandler : ApiHandler<FindCoordinatorRequest, FindCoordinatorResponse>
{
    private const sbyte GroupKeyType = 0;
    private const sbyte TransactionKeyType = 1;
    private const sbyte ShareKeyType = 2;
    private const short FirstShareVersion = 6;
    private const string NotAvailable = "The coordinator is not available.";

    public override short ApiKey => FindCoordinatorRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 6;

    protected override ValueTask<FindCoordinatorResponse?> HandleAsync(RequestContext context, FindCoordinatorRequest request, CancellationToken cancellationToken)
    {
        var response = new FindCoordinatorResponse();
        var keys = context.ApiVersion >= 4 ? request.CoordinatorKeys : [request.Key];
        foreach (string key in keys)
        {
            var (error, message, endpoint, nodeId) = request.KeyType == ShareKeyType && !ServesShareKeys(context)
                ? (ErrorCode.InvalidRequest, "The share coordinator is not available.", null, -1)
                : Denied(context, request.KeyType, key) is { } denied
                ? (denied, null, null, -1)
                : Find(context.Broker, request.KeyType, key);
            bool found = error == ErrorCode.None;
            response.Coordinators.Add(new FindCoordinatorResponse.Coordinator
            {
                Key = key,
                NodeId = found ? nodeId : -1,
                Host = found ? endpoint!.Host : "",
                Port = found ? endpoint!.Port : -1,
                ErrorCode = (short)error,
                ErrorMessage = found ? null : message,
            });
        }
        if (context.ApiVersion < 4)
        {
            var only = response.Coordinators[0];
            response.ErrorCode = only.ErrorCode;
            response.ErrorMessage = only.ErrorMessage;
            response.NodeId = only.NodeId;
            response.Host = only.Host;
            response.Port = only.Port;
            response.Coordinators.Clear();
        }
        return ValueTask.FromResult<FindCoordinatorResponse?>(response);
    }

    /// <summary>Checked before anything is looked up, so a refused key never creates the coordinators' topics.</summary>
    private static ErrorCode? Denied(RequestContext context, sbyte keyType, string key) => keyType switch
    {
        GroupKeyType when !context.AllowsGroup(AclOperation.Describe, key) => ErrorCode.GroupAuthorizationFailed,
        TransactionKeyType when !context.AllowsTransactionalId(AclOperation.Describe, key) => ErrorCode.TransactionalIdAuthorizationFailed,
        ShareKeyType when !context.AllowsCluster(AclOperation.ClusterAction) => ErrorCode.ClusterAuthorizationFailed,
        _ => null,
    };

    private static bool ServesShareKeys(RequestContext context) => context.ApiVersion >= FirstShareVersion && context.Broker.ShareCoordinator is not null;

    private static (ErrorCode Error, string? Message, BrokerEndpoint? Endpoint, int NodeId) Find(KafkaBroker broker, sbyte keyType, string key)
    {
        switch (keyType)
        {
            case GroupKeyType when broker.Cluster.FollowsImage:
                return Leader(broker.Groups.FindCoordinator(key, broker.Controller, broker.Cluster.Brokers.Count, out int leaderId), leaderId, broker);
            case GroupKeyType:
                return Local(broker.Groups.EnsureCoordinator(key), broker);
            case TransactionKeyType when broker.Cluster.FollowsImage:
                return Leader(broker.Transactions.EnsureCoordinator(key, out int txnLeaderId), txnLeaderId, broker);
            case TransactionKeyType:
                return Local(broker.Transactions.EnsureCoordinator(key), broker);
            case ShareKeyType:
                return FindShare(broker, key);
            default:
                return (ErrorCode.InvalidRequest, $"Unknown coordinator type {keyType}.", null, -1);
        }
    }

    private static (ErrorCode Error, string? Message, BrokerEndpoint? Endpoint, int NodeId) FindShare(KafkaBroker broker, string key)
    {
        var coordinator = broker.ShareCoordinator!;
        if (!ShareCoordinatorPartitioner.TryParse(key, out var shareKey))
        {
            return (ErrorCode.InvalidRequest, "The key is not a share-partition key groupId:topicId:partition.", null, -1);
        }
        return broker.Cluster.FollowsImage
            ? Leader(coordinator.FindCoordinator(key, broker.Controller, broker.Cluster.Brokers.Count, out int leaderId), leaderId, broker)
            : Local(coordinator.EnsureCoordinator(shareKey), broker);
    }

    /// <summary>The live broker <paramref name="leaderId"/> as the coordinator when <paramref name="error"/> is NONE.</summary>
    private static (ErrorCode, string?, BrokerEndpoint?, int) Leader(ErrorCode error, int leaderId, KafkaBroker broker) =>
        error != ErrorCode.None ? (error, NotAvailable, null, -1)
        : broker.Cluster.Find(leaderId) is { } leader ? (ErrorCode.None, null, leader.Endpoint, leaderId)
        : (ErrorCode.CoordinatorNotAvailable, NotAvailable, null, -1); // the leader is not live

    /// <summary>This broker as the coordinator when <paramref name="error"/> is NONE.</summary>
    private static (ErrorCode, string?, BrokerEndpoint?, int) Local(ErrorCode error, KafkaBroker broker) =>
        error == ErrorCode.None ? (error, null, broker.Options.AdvertisedEndpoint, broker.Options.NodeId) : (error, NotAvailable, null, -1);
}
