using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Shares.Coordinator;

/// <summary>Only brokers make the share-state requests: without CLUSTER_ACTION on the cluster every partition is refused.</summary>
public sealed class ShareStateAuthorizationTests
{
    [Fact]
    public async Task A_principal_without_cluster_action_is_refused_for_every_partition()
    {
        // The authorizer is on and no ACL allows the anonymous principal anything.
        await using var kafka = await ShareStateWire.StartAsync(aclAuthorizer: true);
        var topicId = kafka.CreateTopic(new TopicSpec("guarded", 2, 1, [])).Topic!.TopicId;
        var wire = await ShareStateWire.OpenAsync(kafka);
        var write = new WriteShareGroupStateRequest { GroupId = ShareStateWire.Group };
        write.Topics.Add(new() { TopicId = topicId, Partitions = [new() { Partition = 0 }, new() { Partition = 1 }] });

        var found = await wire.FindAsync($"sg:{KafkaUuid.Format(topicId)}:0");
        var written = await wire.Session.SendAsync<WriteShareGroupStateResponse>(WriteShareGroupStateRequest.ApiKey, 1, write, flexible: true);
        var read = await wire.ReadAsync(topicId, 0, leaderEpoch: 0);
        var summary = await wire.SummaryAsync(topicId, 1);
        var initialized = await wire.InitializeAsync(topicId, 0, 1, 0);
        var deleted = await wire.DeleteAsync(topicId, 0);

        Assert.Equal(ErrorCode.ClusterAuthorizationFailed, (ErrorCode)found.ErrorCode);
        Assert.Equal([(0, (short)ErrorCode.ClusterAuthorizationFailed), (1, (short)ErrorCode.ClusterAuthorizationFailed)],
            Assert.Single(written.Topics).Partitions.Select(p => (p.Partition, p.ErrorCode)));
        Assert.Equal("Cluster authorization failed.", written.Topics[0].Partitions[0].ErrorMessage);
        Assert.All([read.ErrorCode, summary.ErrorCode, initialized.ErrorCode, deleted.ErrorCode],
            code => Assert.Equal((short)ErrorCode.ClusterAuthorizationFailed, code));
        // A refused lookup never creates the coordinator's topic.
        Assert.Null(kafka.Broker.Topics.Find(TopicNames.ShareGroupState));
    }
}
