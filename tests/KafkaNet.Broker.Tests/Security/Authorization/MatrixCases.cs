using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Broker.Tests.Network;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Security.Authorization;

/// <summary>
/// One API of the matrix: a request alice sends, Kafka's refusal without the ACLs (or, for APIs that filter, a check
/// that says the resource was left out), and the ACLs that let the same request through.
/// </summary>
internal sealed record MatrixCase(short ApiKey, short Version, Func<IKafkaMessage> Request, ErrorCode? Refusal, StandardAcl[] Grants,
    Func<IKafkaMessage, bool>? Hidden = null);

/// <summary>The cases of every client API the broker serves, with the resources the matrix sets up.</summary>
internal static partial class MatrixCases
{
    public const string Topic = "matrix";
    public const string DeletedTopic = "matrix-del";
    public const string GrownTopic = "matrix-parts";
    public const string NewTopic = "matrix-new";
    public const string Group = "matrix-group";
    public const string ConsumerGroup = "matrix-cg";
    public const string TransactionalId = "matrix-txn";
    public const string Cluster = "kafka-cluster";

    /// <summary>APIs that Kafka never authorizes: they come before or during authentication.</summary>
    public static readonly short[] Unchecked = [ApiVersionsRequest.ApiKey, SaslHandshakeRequest.ApiKey, SaslAuthenticateRequest.ApiKey];

    public static StandardAcl Allow(AclOperation operation, AclResourceType type, string name, string principal = SecuredNode.Alice) =>
        new(type, name, AclPatternType.Literal, principal, "*", operation, AclPermissionType.Allow);

    private static StandardAcl TopicAcl(AclOperation operation, string name = Topic) => Allow(operation, AclResourceType.Topic, name);

    private static StandardAcl GroupAcl(AclOperation operation, string name = Group) => Allow(operation, AclResourceType.Group, name);

    private static StandardAcl TransactionAcl(AclOperation operation) => Allow(operation, AclResourceType.TransactionalId, TransactionalId);

    private static StandardAcl ClusterAcl(AclOperation operation) => Allow(operation, AclResourceType.Cluster, Cluster);

    public static IReadOnlyList<MatrixCase> All { get; } =
    [
        new(ProduceRequest.ApiKey, 9, () => new ProduceRequest
        {
            Acks = -1, TimeoutMs = 5000,
            TopicData = [new() { Name = Topic, PartitionData = [new() { Index = 0, Records = PipelinedWire.Batch(16) }] }],
        }, ErrorCode.TopicAuthorizationFailed, [TopicAcl(AclOperation.Write)]),
        new(FetchRequest.ApiKey, 12, () => new FetchRequest
        {
            ReplicaId = -1, MaxWaitMs = 0, MinBytes = 0, MaxBytes = 1 << 20, SessionEpoch = -1,
            Topics = [new() { Topic = Topic, Partitions = [new() { Partition = 0, FetchOffset = 0, PartitionMaxBytes = 1 << 20 }] }],
        }, ErrorCode.TopicAuthorizationFailed, [TopicAcl(AclOperation.Read)]),
        new(ListOffsetsRequest.ApiKey, 7, () => new ListOffsetsRequest
        {
            ReplicaId = -1, Topics = [new() { Name = Topic, Partitions = [new() { PartitionIndex = 0, Timestamp = -1 }] }],
        }, ErrorCode.TopicAuthorizationFailed, [TopicAcl(AclOperation.Describe)]),
        new(MetadataRequest.ApiKey, 12, () => new MetadataRequest { Topics = [new() { Name = Topic }], AllowAutoTopicCreation = false },
            ErrorCode.TopicAuthorizationFailed, [TopicAcl(AclOperation.Describe)]),
        new(OffsetCommitRequest.ApiKey, 8, () => new OffsetCommitRequest
        {
            GroupId = Group, GenerationIdOrMemberEpoch = -1, MemberId = "",
            Topics = [new() { Name = Topic, Partitions = [new() { PartitionIndex = 0, CommittedOffset = 1 }] }],
        }, ErrorCode.GroupAuthorizationFailed, [GroupAcl(AclOperation.Read), TopicAcl(AclOperation.Read)]),
        new(OffsetFetchRequest.ApiKey, 8, () => new OffsetFetchRequest
        {
            Groups = [new() { GroupId = Group, Topics = [new() { Name = Topic, PartitionIndexes = [0] }] }],
        }, ErrorCode.GroupAuthorizationFailed, [GroupAcl(AclOperation.Describe), TopicAcl(AclOperation.Describe)]),
        new(FindCoordinatorRequest.ApiKey, 4, () => new FindCoordinatorRequest { KeyType = 0, CoordinatorKeys = [Group] },
            ErrorCode.GroupAuthorizationFailed, [GroupAcl(AclOperation.Describe)]),
        new(JoinGroupRequest.ApiKey, 5, () => new JoinGroupRequest
        {
            GroupId = Group, SessionTimeoutMs = 10_000, RebalanceTimeoutMs = 10_000, MemberId = "", ProtocolType = "consumer",
            Protocols = [new() { Name = "range", Metadata = new byte[] { 0, 0, 0, 0, 0, 0, 0, 0 } }],
        }, ErrorCode.GroupAuthorizationFailed, [GroupAcl(AclOperation.Read)]),
        new(HeartbeatRequest.ApiKey, 3, () => new HeartbeatRequest { GroupId = Group, GenerationId = 1, MemberId = "nobody" },
            ErrorCode.GroupAuthorizationFailed, [GroupAcl(AclOperation.Read)]),
        new(LeaveGroupRequest.ApiKey, 3, () => new LeaveGroupRequest { GroupId = Group, Members = [new() { MemberId = "nobody" }] },
            ErrorCode.GroupAuthorizationFailed, [GroupAcl(AclOperation.Read)]),
        new(SyncGroupRequest.ApiKey, 3, () => new SyncGroupRequest { GroupId = Group, GenerationId = 1, MemberId = "nobody" },
            ErrorCode.GroupAuthorizationFailed, [GroupAcl(AclOperation.Read)]),
        new(DescribeGroupsRequest.ApiKey, 5, () => new DescribeGroupsRequest { Groups = [Group], IncludeAuthorizedOperations = true },
            ErrorCode.GroupAuthorizationFailed, [GroupAcl(AclOperation.Describe)]),
        new(ListGroupsRequest.ApiKey, 4, () => new ListGroupsRequest(), null, [GroupAcl(AclOperation.Describe)],
            response => ((ListGroupsResponse)response).Groups.TrueForAll(g => g.GroupId != Group)),
        new(CreateTopicsRequest.ApiKey, 5, () => new CreateTopicsRequest
        {
            TimeoutMs = 5000, Topics = [new() { Name = NewTopic, NumPartitions = 1, ReplicationFactor = 1 }],
        }, ErrorCode.TopicAuthorizationFailed, [TopicAcl(AclOperation.Create, NewTopic), TopicAcl(AclOperation.DescribeConfigs, NewTopic)]), // configs shown too
        new(DeleteTopicsRequest.ApiKey, 4, () => new DeleteTopicsRequest { TopicNames = [DeletedTopic], TimeoutMs = 5000 },
            ErrorCode.TopicAuthorizationFailed, [TopicAcl(AclOperation.Delete, DeletedTopic)]),
        new(DeleteRecordsRequest.ApiKey, 1, () => new DeleteRecordsRequest
        {
            TimeoutMs = 5000, Topics = [new() { Name = Topic, Partitions = [new() { PartitionIndex = 0, Offset = 0 }] }],
        }, ErrorCode.TopicAuthorizationFailed, [TopicAcl(AclOperation.Delete)]),
        new(InitProducerIdRequest.ApiKey, 2, () => new InitProducerIdRequest { TransactionalId = null, TransactionTimeoutMs = 60_000 },
            ErrorCode.ClusterAuthorizationFailed, [ClusterAcl(AclOperation.IdempotentWrite)]),
        new(OffsetForLeaderEpochRequest.ApiKey, 3, () => new OffsetForLeaderEpochRequest
        {
            ReplicaId = -1, Topics = [new() { Topic = Topic, Partitions = [new() { Partition = 0, CurrentLeaderEpoch = -1, LeaderEpoch = 0 }] }],
        }, ErrorCode.TopicAuthorizationFailed, [TopicAcl(AclOperation.Describe)]),
        new(AddPartitionsToTxnRequest.ApiKey, 3, () => new AddPartitionsToTxnRequest
        {
            V3AndBelowTransactionalId = TransactionalId, V3AndBelowProducerId = 4242, V3AndBelowProducerEpoch = 0,
            V3AndBelowTopics = [new() { Name = Topic, Partitions = [0] }],
        }, ErrorCode.TransactionalIdAuthorizationFailed, [TransactionAcl(AclOperation.Write), TopicAcl(AclOperation.Write)]),
        new(AddOffsetsToTxnRequest.ApiKey, 3, () => new AddOffsetsToTxnRequest
        {
            TransactionalId = TransactionalId, ProducerId = 4242, ProducerEpoch = 0, GroupId = Group,
        }, ErrorCode.TransactionalIdAuthorizationFailed, [TransactionAcl(AclOperation.Write), GroupAcl(AclOperation.Read)]),
        new(EndTxnRequest.ApiKey, 3, () => new EndTxnRequest { TransactionalId = TransactionalId, ProducerId = 4242, ProducerEpoch = 0, Committed = false },
            ErrorCode.TransactionalIdAuthorizationFailed, [TransactionAcl(AclOperation.Write)]),
        new(WriteTxnMarkersRequest.ApiKey, 1, () => new WriteTxnMarkersRequest
        {
            Markers = [new() { ProducerId = 4343, ProducerEpoch = 0, TransactionResult = false, CoordinatorEpoch = 0, Topics = [new() { Name = GrownTopic, PartitionIndexes = [0] }] }],
        }, ErrorCode.ClusterAuthorizationFailed, [ClusterAcl(AclOperation.ClusterAction)]),
        new(TxnOffsetCommitRequest.ApiKey, 3, () => new TxnOffsetCommitRequest
        {
            TransactionalId = TransactionalId, GroupId = Group, ProducerId = 4242, ProducerEpoch = 0, GenerationId = -1, MemberId = "",
            Topics = [new() { Name = Topic, Partitions = [new() { PartitionIndex = 0, CommittedOffset = 1 }] }],
        }, ErrorCode.TransactionalIdAuthorizationFailed, [TransactionAcl(AclOperation.Write), GroupAcl(AclOperation.Read), TopicAcl(AclOperation.Read)]),
        new(DescribeAclsRequest.ApiKey, 3, () => new DescribeAclsRequest
        {
            ResourceTypeFilter = (sbyte)AclResourceType.Any, PatternTypeFilter = (sbyte)AclPatternType.Any, Operation = (sbyte)AclOperation.Any, PermissionType = (sbyte)AclPermissionType.Any,
        }, ErrorCode.ClusterAuthorizationFailed, [ClusterAcl(AclOperation.Describe)]),
        new(CreateAclsRequest.ApiKey, 3, () => new CreateAclsRequest
        {
            Creations = [new() { ResourceType = (sbyte)AclResourceType.Topic, ResourceName = "acl-made-by-alice", ResourcePatternType = (sbyte)AclPatternType.Literal, Principal = "User:bob", Host = "*", Operation = (sbyte)AclOperation.Read, PermissionType = (sbyte)AclPermissionType.Allow }],
        }, ErrorCode.ClusterAuthorizationFailed, [ClusterAcl(AclOperation.Alter)]),
        new(DeleteAclsRequest.ApiKey, 3, () => new DeleteAclsRequest
        {
            Filters = [new() { ResourceTypeFilter = (sbyte)AclResourceType.Topic, ResourceNameFilter = "acl-made-by-alice", PatternTypeFilter = (sbyte)AclPatternType.Literal, Operation = (sbyte)AclOperation.Any, PermissionType = (sbyte)AclPermissionType.Any }],
        }, ErrorCode.ClusterAuthorizationFailed, [ClusterAcl(AclOperation.Alter)]),
        new(DescribeClientQuotasRequest.ApiKey, 1, () => new DescribeClientQuotasRequest { Components = [], Strict = false },
            ErrorCode.ClusterAuthorizationFailed, [ClusterAcl(AclOperation.DescribeConfigs)]),
        new(AlterClientQuotasRequest.ApiKey, 1, () => new AlterClientQuotasRequest
        {
            Entries = [new() { Entity = [new() { EntityType = "user", EntityName = "matrix-user" }], Ops = [new() { Key = "producer_byte_rate", Value = 1048576 }] }],
        }, ErrorCode.ClusterAuthorizationFailed, [ClusterAcl(AclOperation.AlterConfigs)]),
        new(DescribeUserScramCredentialsRequest.ApiKey, 0, () => new DescribeUserScramCredentialsRequest { Users = null },
            ErrorCode.ClusterAuthorizationFailed, [ClusterAcl(AclOperation.Describe)]),
        new(AlterUserScramCredentialsRequest.ApiKey, 0, () => new AlterUserScramCredentialsRequest
        {
            Upsertions = [new() { Name = "matrix-user", Mechanism = 2, Iterations = 4096, Salt = new byte[16], SaltedPassword = new byte[64] }],
        }, ErrorCode.ClusterAuthorizationFailed, [ClusterAcl(AclOperation.Alter)]),
        new(DescribeConfigsRequest.ApiKey, 4, () => new DescribeConfigsRequest { Resources = [new() { ResourceType = 2, ResourceName = Topic }] },
            ErrorCode.TopicAuthorizationFailed, [TopicAcl(AclOperation.DescribeConfigs)]),
        new(AlterConfigsRequest.ApiKey, 1, () => new AlterConfigsRequest
        {
            Resources = [new() { ResourceType = 2, ResourceName = Topic, Configs = [new() { Name = "retention.ms", Value = "3600000" }] }],
        }, ErrorCode.TopicAuthorizationFailed, [TopicAcl(AclOperation.AlterConfigs)]),
        new(DescribeLogDirsRequest.ApiKey, 4, () => new DescribeLogDirsRequest { Topics = null },
            ErrorCode.ClusterAuthorizationFailed, [ClusterAcl(AclOperation.Describe)]),
        new(CreatePartitionsRequest.ApiKey, 2, () => new CreatePartitionsRequest
        {
            TimeoutMs = 5000, Topics = [new() { Name = GrownTopic, Count = 2 }],
        }, ErrorCode.TopicAuthorizationFailed, [TopicAcl(AclOperation.Alter, GrownTopic)]),
        new(ElectLeadersRequest.ApiKey, 2, () => new ElectLeadersRequest
        {
            ElectionType = 0, TimeoutMs = 5000, TopicPartitions = [new() { Topic = Topic, Partitions = [0] }],
        }, ErrorCode.ClusterAuthorizationFailed, [ClusterAcl(AclOperation.Alter)]),
        new(IncrementalAlterConfigsRequest.ApiKey, 1, () => new IncrementalAlterConfigsRequest
        {
            Resources = [new() { ResourceType = 2, ResourceName = Topic, Configs = [new() { Name = "retention.ms", ConfigOperation = 0, Value = "7200000" }] }],
        }, ErrorCode.TopicAuthorizationFailed, [TopicAcl(AclOperation.AlterConfigs)]),
        new(AlterPartitionReassignmentsRequest.ApiKey, 0, () => new AlterPartitionReassignmentsRequest
        {
            TimeoutMs = 5000, Topics = [new() { Name = Topic, Partitions = [new() { PartitionIndex = 0, Replicas = null }] }],
        }, ErrorCode.ClusterAuthorizationFailed, [ClusterAcl(AclOperation.Alter)]),
        new(ListPartitionReassignmentsRequest.ApiKey, 0, () => new ListPartitionReassignmentsRequest { TimeoutMs = 5000, Topics = null },
            ErrorCode.ClusterAuthorizationFailed, [ClusterAcl(AclOperation.Describe)]),
        new(OffsetDeleteRequest.ApiKey, 0, () => new OffsetDeleteRequest
        {
            GroupId = Group, Topics = [new() { Name = Topic, Partitions = [new() { PartitionIndex = 0 }] }],
        }, ErrorCode.GroupAuthorizationFailed, [GroupAcl(AclOperation.Delete), TopicAcl(AclOperation.Read)]),
        new(DescribeClusterRequest.ApiKey, 1, () => new DescribeClusterRequest { IncludeClusterAuthorizedOperations = true, EndpointType = 1 }, null,
            [ClusterAcl(AclOperation.Describe)], response => ((DescribeClusterResponse)response).ClusterAuthorizedOperations == 0),
        new(DescribeProducersRequest.ApiKey, 0, () => new DescribeProducersRequest { Topics = [new() { Name = Topic, PartitionIndexes = [0] }] },
            ErrorCode.TopicAuthorizationFailed, [TopicAcl(AclOperation.Read)]),
        new(DescribeTransactionsRequest.ApiKey, 0, () => new DescribeTransactionsRequest { TransactionalIds = [TransactionalId] },
            ErrorCode.TransactionalIdAuthorizationFailed, [TransactionAcl(AclOperation.Describe)]),
        new(ListTransactionsRequest.ApiKey, 1, () => new ListTransactionsRequest { DurationFilter = -1 }, null, [TransactionAcl(AclOperation.Describe)],
            response => ((ListTransactionsResponse)response).TransactionStates.TrueForAll(t => t.TransactionalId != TransactionalId)),
        // Served, alice joins the consumer group and is assigned the topic's partition, which the next case describes.
        new(ConsumerGroupHeartbeatRequest.ApiKey, 1, () => new ConsumerGroupHeartbeatRequest
        {
            GroupId = ConsumerGroup, MemberId = "matrix-member-1", MemberEpoch = 0, RebalanceTimeoutMs = 10_000,
            SubscribedTopicNames = [Topic], TopicPartitions = [],
        }, ErrorCode.GroupAuthorizationFailed, [GroupAcl(AclOperation.Read, ConsumerGroup), TopicAcl(AclOperation.Describe)]),
        new(ConsumerGroupDescribeRequest.ApiKey, 0, () => new ConsumerGroupDescribeRequest { GroupIds = [ConsumerGroup], IncludeAuthorizedOperations = true },
            ErrorCode.GroupAuthorizationFailed, [GroupAcl(AclOperation.Describe, ConsumerGroup), TopicAcl(AclOperation.Describe)]),
        new(DescribeTopicPartitionsRequest.ApiKey, 0, () => new DescribeTopicPartitionsRequest { Topics = [new() { Name = Topic }], ResponsePartitionLimit = 100 },
            ErrorCode.TopicAuthorizationFailed, [TopicAcl(AclOperation.Describe)]),
        new(DescribeQuorumRequest.ApiKey, 2, () => new DescribeQuorumRequest { Topics = [new() { TopicName = "__cluster_metadata", Partitions = [new() { PartitionIndex = 0 }] }] },
            ErrorCode.ClusterAuthorizationFailed, [ClusterAcl(AclOperation.Describe)]),
        new(AddRaftVoterRequest.ApiKey, 0, () => new AddRaftVoterRequest { ClusterId = null, TimeoutMs = 1000, VoterId = 7, VoterDirectoryId = Guid.NewGuid() },
            ErrorCode.ClusterAuthorizationFailed, [ClusterAcl(AclOperation.Alter)]),
        new(RemoveRaftVoterRequest.ApiKey, 0, () => new RemoveRaftVoterRequest { ClusterId = null, VoterId = 7, VoterDirectoryId = Guid.NewGuid() },
            ErrorCode.ClusterAuthorizationFailed, [ClusterAcl(AclOperation.Alter)]),

        .. ShareCases,

        // Last: with its ACL it deletes the group the cases above use.
        new(DeleteGroupsRequest.ApiKey, 2, () => new DeleteGroupsRequest { GroupsNames = [Group] },
            ErrorCode.GroupAuthorizationFailed, [GroupAcl(AclOperation.Delete)]),
    ];
}
