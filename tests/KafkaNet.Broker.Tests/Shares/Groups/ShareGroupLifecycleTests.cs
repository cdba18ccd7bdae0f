using System.Collections.Concurrent;
using System.Diagnostics;
using KafkaNet.Broker.Shares;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Shares.Groups;

/// <summary>Session expiry, the share-group view, and groups surviving a restart.</summary>
public sealed class ShareGroupLifecycleTests
{
    [Fact]
    public async Task The_view_knows_the_members_and_hears_when_they_leave()
    {
        await using var node = await ShareGroupNode.StartAsync();
        node.CreateTopic("sg-view", 1);
        var view = node.Kafka.Broker.ShareGroupView!;
        var left = new ConcurrentQueue<(string, string)>();
        view.MemberLeft += (group, member) => left.Enqueue((group, member));

        await node.HeartbeatAsync(ShareGroupNode.Join("sg-view", "member-a", "sg-view"));
        Assert.True(view.IsMember("sg-view", "member-a"));
        Assert.False(view.IsMember("sg-view", "member-b"));
        Assert.False(view.IsMember("sg-none", "member-a"));

        await node.LeaveAsync("sg-view", "member-a");

        Assert.False(view.IsMember("sg-view", "member-a"));
        Assert.Equal([("sg-view", "member-a")], left);
    }

    [Fact]
    public async Task A_member_that_stops_heartbeating_is_fenced_when_its_session_runs_out()
    {
        await using var node = await ShareGroupNode.StartAsync(o => o.ShareGroups.SessionTimeoutMs = 300);
        node.CreateTopic("sg-expiry", 1);
        var view = node.Kafka.Broker.ShareGroupView!;
        var left = new ConcurrentQueue<(string, string)>();
        view.MemberLeft += (group, member) => left.Enqueue((group, member));

        await node.HeartbeatAsync(ShareGroupNode.Join("sg-expiry", "member-a", "sg-expiry"));
        var clock = Stopwatch.StartNew();
        while (view.IsMember("sg-expiry", "member-a") && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(50);
        }

        Assert.False(view.IsMember("sg-expiry", "member-a"));
        Assert.Equal([("sg-expiry", "member-a")], left);
        var fenced = await node.HeartbeatAsync(ShareGroupNode.Beat("sg-expiry", "member-a", 1));
        Assert.Equal((short)ErrorCode.UnknownMemberId, fenced.ErrorCode);
        Assert.Equal("Empty", (await node.DescribeAsync("sg-expiry")).GroupState);
    }

    [Fact]
    public async Task A_restart_reloads_members_epochs_and_assignments()
    {
        await using var node = await ShareGroupNode.StartAsync();
        var topicId = node.CreateTopic("sg-restart", 2);
        await node.HeartbeatAsync(ShareGroupNode.Join("sg-restart", "member-a", "sg-restart"));
        await node.HeartbeatAsync(ShareGroupNode.Join("sg-restart", "member-b", "sg-restart"));
        await node.HeartbeatAsync(ShareGroupNode.Beat("sg-restart", "member-a", 1));
        await node.HeartbeatAsync(ShareGroupNode.Join("sg-gone", "member-c", "sg-restart"));
        await node.LeaveAsync("sg-gone", "member-c");
        var before = await node.DescribeAsync("sg-restart");

        await node.RestartAsync();

        var after = await node.DescribeAsync("sg-restart");
        Assert.Equal(Text(before), Text(after));
        Assert.Equal(("Stable", 2, 2), (after.GroupState, after.GroupEpoch, after.AssignmentEpoch));
        Assert.Equal([0, 1], after.Members.SelectMany(m => m.Assignment.TopicPartitions).SelectMany(t => t.Partitions).Order());
        Assert.All(after.Members, m => Assert.Equal(topicId, Assert.Single(m.Assignment.TopicPartitions).TopicId));
        Assert.Equal("Empty", (await node.DescribeAsync("sg-gone")).GroupState);
        var stays = await node.HeartbeatAsync(ShareGroupNode.Beat("sg-restart", "member-b", 2));
        Assert.Equal(0, stays.ErrorCode);
        Assert.True(node.Kafka.Broker.ShareGroupView!.IsMember("sg-restart", "member-a"));
    }

    private static string Text(ShareGroupDescribeResponse.Group group) =>
        $"{group.GroupState} {group.GroupEpoch} {group.AssignmentEpoch} " + string.Join("; ", group.Members.Select(m =>
            $"{m.MemberId} {m.MemberEpoch} {m.ClientId} [{string.Join(",", m.SubscribedTopicNames)}] " +
            string.Join(",", m.Assignment.TopicPartitions.SelectMany(t => t.Partitions.Select(p => $"{t.Topic}-{p}")))));
}
