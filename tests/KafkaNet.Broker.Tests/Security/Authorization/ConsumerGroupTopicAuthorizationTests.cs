using System.Diagnostics;
using Confluent.Kafka;
using KafkaNet.Broker.Groups.Consumer;
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Broker.Tests.Groups.Consumer;
using KafkaNet.Broker.Tests.Network;
using KafkaNet.Protocol.Messages;
using Ours = KafkaNet.Protocol.ErrorCode;

namespace KafkaNet.Broker.Tests.Security.Authorization;

/// <summary>
/// The topic checks of the KIP-848 consumer group APIs, as Kafka 4.0 makes them: ConsumerGroupHeartbeat needs DESCRIBE
/// on each subscribed topic name, a regular expression matches only topics the member may describe, and
/// ConsumerGroupDescribe refuses a group that holds a topic the caller may not describe. Raw frames as alice (no ACLs
/// but those each test grants) and admin (a super user), then librdkafka's consumer protocol over SASL.
/// </summary>
public sealed class ConsumerGroupTopicAuthorizationTests(SecuredNode node) : IClassFixture<SecuredNode>
{
    private const string DescribeRefusal = "The group has described topic(s) that the client is not authorized to describe.";

    [Fact]
    public async Task HeartbeatNeedsDescribeOnEverySubscribedTopic()
    {
        const string group = "authz-cg-names";
        try
        {
            await node.CreateAclsAsync(Allow(AclOperation.Read, AclResourceType.Group, group), Allow(AclOperation.Describe, AclResourceType.Topic, MatrixCases.Topic));
            var join = ConsumerGroupDriver.Join(group, "names-member", MatrixCases.Topic, MatrixCases.GrownTopic);

            var refused = await HeartbeatAsync(node.AliceConnection, join);

            Assert.Equal((short)Ours.TopicAuthorizationFailed, refused.ErrorCode);
            Assert.DoesNotContain(node.Broker.Groups.ListGroups().Groups, g => g.GroupId == group);
            Assert.Contains($"operation=DESCRIBE resource=TOPIC:{MatrixCases.GrownTopic} api=ConsumerGroupHeartbeat", string.Join("\n", node.Logs));

            await node.CreateAclsAsync(Allow(AclOperation.Describe, AclResourceType.Topic, MatrixCases.GrownTopic));
            var served = await HeartbeatAsync(node.AliceConnection, ConsumerGroupDriver.Join(group, "names-member", MatrixCases.Topic, MatrixCases.GrownTopic));

            Assert.Equal(0, served.ErrorCode);
            Assert.True(served.MemberEpoch > 0);
            Assert.Equal([MatrixCases.Topic, MatrixCases.GrownTopic], TargetTopics(group));
            await LeaveAsync(node.AliceConnection, group, "names-member", served.MemberEpoch);
        }
        finally
        {
            await node.DeleteAllAclsAsync();
        }
    }

    [Fact]
    public async Task ARegularExpressionMatchesOnlyTheTopicsTheMemberMayDescribe()
    {
        const string aliceGroup = "authz-cg-regex";
        const string adminGroup = "authz-cg-regex-admin";
        try
        {
            await node.CreateAclsAsync(Allow(AclOperation.Read, AclResourceType.Group, aliceGroup), Allow(AclOperation.Describe, AclResourceType.Topic, MatrixCases.Topic));

            var alice = await HeartbeatAsync(node.AliceConnection, RegexJoin(aliceGroup, "regex-alice"));
            var admin = await HeartbeatAsync(node.AdminConnection, RegexJoin(adminGroup, "regex-admin"));

            Assert.Equal(0, alice.ErrorCode);
            Assert.Equal(0, admin.ErrorCode);
            Assert.Equal([MatrixCases.Topic], TargetTopics(aliceGroup));
            Assert.Equal([MatrixCases.Topic, MatrixCases.DeletedTopic, MatrixCases.GrownTopic], TargetTopics(adminGroup));
            await LeaveAsync(node.AliceConnection, aliceGroup, "regex-alice", alice.MemberEpoch);
            await LeaveAsync(node.AdminConnection, adminGroup, "regex-admin", admin.MemberEpoch);
        }
        finally
        {
            await node.DeleteAllAclsAsync();
        }
    }

    [Fact]
    public async Task DescribeRefusesAGroupHoldingATopicTheCallerMayNotDescribe()
    {
        const string group = "authz-cg-describe";
        var joined = await HeartbeatAsync(node.AdminConnection, ConsumerGroupDriver.Join(group, "describe-member", MatrixCases.GrownTopic));
        Assert.Equal(0, joined.ErrorCode);
        try
        {
            await node.CreateAclsAsync(Allow(AclOperation.Describe, AclResourceType.Group, group));

            var refused = Assert.Single((await DescribeAsync(group)).Groups);

            Assert.Equal((group, (short)Ours.TopicAuthorizationFailed, DescribeRefusal), (refused.GroupId, refused.ErrorCode, refused.ErrorMessage));
            Assert.Empty(refused.Members);
            Assert.Equal(int.MinValue, refused.AuthorizedOperations);

            await node.CreateAclsAsync(Allow(AclOperation.Describe, AclResourceType.Topic, MatrixCases.GrownTopic));
            var served = Assert.Single((await DescribeAsync(group)).Groups);

            Assert.Equal(0, served.ErrorCode);
            var member = Assert.Single(served.Members);
            Assert.Equal("describe-member", member.MemberId);
            Assert.Equal([MatrixCases.GrownTopic], member.TargetAssignment.TopicPartitions.Select(t => t.TopicName));
        }
        finally
        {
            await node.DeleteAllAclsAsync();
            await LeaveAsync(node.AdminConnection, group, "describe-member", joined.MemberEpoch);
        }
    }

    [Fact]
    public async Task LibrdkafkasConsumerIsRefusedWithoutTheTopicAclAndReadsWithIt()
    {
        const string group = "authz-cg-client";
        try
        {
            await node.CreateAclsAsync(Allow(AclOperation.Read, AclResourceType.Group, group));
            using (var refused = AliceConsumer(group))
            {
                refused.Subscribe(MatrixCases.Topic);
                var error = Assert.Throws<ConsumeException>(() => ConsumeFirst(refused)).Error;
                Assert.Equal(Confluent.Kafka.ErrorCode.TopicAuthorizationFailed, error.Code);
                refused.Close();
            }

            await node.CreateAclsAsync(Allow(AclOperation.Read, AclResourceType.Topic, MatrixCases.Topic));
            using var served = AliceConsumer(group);
            served.Subscribe(MatrixCases.Topic);

            var first = ConsumeFirst(served);

            Assert.Equal((MatrixCases.Topic, 0L), (first.Topic, first.Offset.Value));
            served.Close();
        }
        finally
        {
            await node.DeleteAllAclsAsync();
        }
    }

    private static StandardAcl Allow(AclOperation operation, AclResourceType type, string name) => MatrixCases.Allow(operation, type, name);

    private static ConsumerGroupHeartbeatRequest RegexJoin(string group, string memberId) => new()
    {
        GroupId = group, MemberId = memberId, MemberEpoch = 0, RebalanceTimeoutMs = 30000,
        SubscribedTopicRegex = "matrix.*", TopicPartitions = [],
    };

    private Task<ConsumerGroupHeartbeatResponse> HeartbeatAsync(RawKafkaConnection connection, ConsumerGroupHeartbeatRequest request) =>
        node.SendAsync<ConsumerGroupHeartbeatResponse>(connection, ConsumerGroupHeartbeatRequest.ApiKey, 1, request);

    private async Task LeaveAsync(RawKafkaConnection connection, string group, string memberId, int epoch)
    {
        var left = await HeartbeatAsync(connection, new ConsumerGroupHeartbeatRequest
        {
            GroupId = group, MemberId = memberId, MemberEpoch = ConsumerGroupCoordinator.LeaveEpoch, RebalanceTimeoutMs = -1,
        });
        Assert.True(left.ErrorCode == 0, $"leaving at epoch {epoch}: error {left.ErrorCode}");
    }

    private Task<ConsumerGroupDescribeResponse> DescribeAsync(string group) =>
        node.SendAsync<ConsumerGroupDescribeResponse>(node.AliceConnection, ConsumerGroupDescribeRequest.ApiKey, 1,
            new ConsumerGroupDescribeRequest { GroupIds = [group], IncludeAuthorizedOperations = true });

    /// <summary>The topics of the group's target assignment, as the broker (not the caller) sees it.</summary>
    private List<string> TargetTopics(string group) =>
        [.. node.Broker.Groups.DescribeConsumerGroup(group).Members
            .SelectMany(m => m.TargetAssignment.TopicPartitions).Select(t => t.TopicName).Distinct().Order(StringComparer.Ordinal)];

    private IConsumer<Ignore, Ignore> AliceConsumer(string group) =>
        new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig
        {
            BootstrapServers = $"127.0.0.1:{node.Port}",
            SecurityProtocol = SecurityProtocol.SaslPlaintext,
            SaslMechanism = SaslMechanism.Plain,
            SaslUsername = "alice",
            SaslPassword = "alice-secret",
            GroupId = group,
            GroupProtocol = GroupProtocol.Consumer,
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();

    /// <summary>The first record, or the first error the consumer raises, within 20 s.</summary>
    private static ConsumeResult<Ignore, Ignore> ConsumeFirst(IConsumer<Ignore, Ignore> consumer)
    {
        var clock = Stopwatch.StartNew();
        for (int polls = 0; polls < 200 && clock.Elapsed < TimeSpan.FromSeconds(20); polls++)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { Message: not null } result)
            {
                return result;
            }
        }
        throw new TimeoutException("nothing consumed or raised within 20 s");
    }
}
