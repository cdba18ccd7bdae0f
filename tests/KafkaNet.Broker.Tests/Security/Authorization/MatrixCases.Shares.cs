using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Security.Authorization;

internal static partial class MatrixCases
{
    public const string ShareGroup = "matrix-sg";
    public const string ShareMember = "matrix-share-member";

    /// <summary>The matrix topic's id, for the share APIs that name topics by id; set by the setup.</summary>
    public static Guid TopicId { get; set; }

    private static StandardAcl ShareGroupAcl(AclOperation operation) => GroupAcl(operation, ShareGroup);

    /// <summary>
    /// Share groups, in the order a share consumer uses them: once allowed, alice's heartbeat makes her a member, her
    /// fetch opens a share session at epoch 0 and her acknowledgement continues it at epoch 1.
    /// </summary>
    private static MatrixCase[] ShareCases =>
    [
        new(ShareGroupHeartbeatRequest.ApiKey, 1, () => new ShareGroupHeartbeatRequest
        {
            GroupId = ShareGroup, MemberId = ShareMember, MemberEpoch = 0, RackId = null, SubscribedTopicNames = [Topic],
        }, ErrorCode.GroupAuthorizationFailed, [ShareGroupAcl(AclOperation.Read), TopicAcl(AclOperation.Describe)]),
        new(ShareGroupDescribeRequest.ApiKey, 1, () => new ShareGroupDescribeRequest { GroupIds = [ShareGroup], IncludeAuthorizedOperations = true },
            ErrorCode.GroupAuthorizationFailed, [ShareGroupAcl(AclOperation.Describe), TopicAcl(AclOperation.Describe)]),
        new(ShareFetchRequest.ApiKey, 1, () => new ShareFetchRequest
        {
            GroupId = ShareGroup, MemberId = ShareMember, ShareSessionEpoch = 0, MaxWaitMs = 0, MinBytes = 1, MaxRecords = 10, BatchSize = 10,
            Topics = [new() { TopicId = TopicId, Partitions = [new() { Partition = 0, PartitionMaxBytes = 1 << 20 }] }],
        }, ErrorCode.GroupAuthorizationFailed, [ShareGroupAcl(AclOperation.Read), TopicAcl(AclOperation.Read)]),
        new(ShareAcknowledgeRequest.ApiKey, 1, () => new ShareAcknowledgeRequest
        {
            GroupId = ShareGroup, MemberId = ShareMember, ShareSessionEpoch = 1,
            Topics = [new() { TopicId = TopicId, Partitions = [new() { Partition = 0, AcknowledgementBatches = [new() { FirstOffset = 0, LastOffset = 0, AcknowledgeTypes = [1] }] }] }],
        }, ErrorCode.GroupAuthorizationFailed, [ShareGroupAcl(AclOperation.Read), TopicAcl(AclOperation.Read)]),
        new(DescribeShareGroupOffsetsRequest.ApiKey, 1, () => new DescribeShareGroupOffsetsRequest
        {
            Groups = [new() { GroupId = ShareGroup, Topics = [new() { Topic = Topic, Partitions = [0] }] }],
        }, ErrorCode.GroupAuthorizationFailed, [ShareGroupAcl(AclOperation.Describe), TopicAcl(AclOperation.Describe)]),
        new(AlterShareGroupOffsetsRequest.ApiKey, 0, () => new AlterShareGroupOffsetsRequest
        {
            GroupId = ShareGroup, Topics = [new() { Topic = Topic, Partitions = [new() { Partition = 0, StartOffset = 0 }] }],
        }, ErrorCode.GroupAuthorizationFailed, [ShareGroupAcl(AclOperation.Read), TopicAcl(AclOperation.Read)]),
        new(DeleteShareGroupOffsetsRequest.ApiKey, 0, () => new DeleteShareGroupOffsetsRequest { GroupId = ShareGroup, Topics = [new() { Topic = Topic }] },
            ErrorCode.GroupAuthorizationFailed, [ShareGroupAcl(AclOperation.Delete), TopicAcl(AclOperation.Read)]),
        // The share coordinator's RPCs are for brokers alone.
        new(InitializeShareGroupStateRequest.ApiKey, 0, () => new InitializeShareGroupStateRequest
        {
            GroupId = ShareGroup, Topics = [new() { TopicId = TopicId, Partitions = [new() { Partition = 0, StateEpoch = 0, StartOffset = 0 }] }],
        }, ErrorCode.ClusterAuthorizationFailed, [ClusterAcl(AclOperation.ClusterAction)]),
        new(ReadShareGroupStateRequest.ApiKey, 0, () => new ReadShareGroupStateRequest
        {
            GroupId = ShareGroup, Topics = [new() { TopicId = TopicId, Partitions = [new() { Partition = 0, LeaderEpoch = 0 }] }],
        }, ErrorCode.ClusterAuthorizationFailed, [ClusterAcl(AclOperation.ClusterAction)]),
        new(WriteShareGroupStateRequest.ApiKey, 1, () => new WriteShareGroupStateRequest
        {
            GroupId = ShareGroup,
            Topics = [new() { TopicId = TopicId, Partitions = [new() { Partition = 0, StateEpoch = 0, LeaderEpoch = 0, StartOffset = 0 }] }],
        }, ErrorCode.ClusterAuthorizationFailed, [ClusterAcl(AclOperation.ClusterAction)]),
        new(ReadShareGroupStateSummaryRequest.ApiKey, 1, () => new ReadShareGroupStateSummaryRequest
        {
            GroupId = ShareGroup, Topics = [new() { TopicId = TopicId, Partitions = [new() { Partition = 0, LeaderEpoch = -1 }] }],
        }, ErrorCode.ClusterAuthorizationFailed, [ClusterAcl(AclOperation.ClusterAction)]),
        new(DeleteShareGroupStateRequest.ApiKey, 0, () => new DeleteShareGroupStateRequest
        {
            GroupId = ShareGroup, Topics = [new() { TopicId = TopicId, Partitions = [new() { Partition = 0 }] }],
        }, ErrorCode.ClusterAuthorizationFailed, [ClusterAcl(AclOperation.ClusterAction)]),
    ];
}
