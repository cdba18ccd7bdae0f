using KafkaNet.Broker.Tests.Idempotence;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Replication.FollowerFetching;

/// <summary>The leader's side of KIP-392: broker 1 (rack-a) leads partition 0 with followers 2 (rack-b) and 3 (rack-c).</summary>
public sealed class PreferredReadReplicaTests
{
    [Fact]
    public async Task Rack_aware_leader_sends_a_consumer_in_a_followers_rack_to_that_follower_without_records()
    {
        await using var cluster = await StartWithRecordsAsync(rackAware: true, follower2At: 3);

        var redirected = await cluster.ConsumerFetchAsync(0, rack: "rack-b", version: 11);

        Assert.Equal((0, 2, 0), (redirected.ErrorCode, redirected.PreferredReadReplica, redirected.Records!.Value.Length));
        Assert.Equal((3L, 3L, 0L), (redirected.HighWatermark, redirected.LastStableOffset, redirected.LogStartOffset));
        Assert.Equal(3, (await cluster.ConsumerFetchAsync(0, rack: "rack-c")).PreferredReadReplica);
    }

    [Theory]
    [InlineData("rack-a")]
    [InlineData("")]
    [InlineData("rack-z")]
    public async Task Consumer_in_the_leaders_rack_or_without_a_follower_in_its_rack_reads_from_the_leader(string rack)
    {
        await using var cluster = await StartWithRecordsAsync(rackAware: true, follower2At: 3);

        var read = await cluster.ConsumerFetchAsync(0, rack: rack);

        Assert.Equal((0, -1), (read.ErrorCode, read.PreferredReadReplica));
        Assert.True(read.Records!.Value.Length > 0);
    }

    [Fact]
    public async Task Without_a_replica_selector_the_leader_serves_every_rack()
    {
        await using var cluster = await StartWithRecordsAsync(rackAware: false, follower2At: 3);

        var read = await cluster.ConsumerFetchAsync(0, rack: "rack-b");

        Assert.Equal((0, -1), (read.ErrorCode, read.PreferredReadReplica));
        Assert.True(read.Records!.Value.Length > 0);
    }

    [Fact]
    public async Task A_follower_whose_log_does_not_reach_the_fetch_offset_is_not_preferred()
    {
        await using var cluster = await StartWithRecordsAsync(rackAware: true, follower2At: 1);

        var behind = await cluster.ConsumerFetchAsync(2, rack: "rack-b");
        var reached = await cluster.ConsumerFetchAsync(1, rack: "rack-b");

        Assert.Equal((0, -1), (behind.ErrorCode, behind.PreferredReadReplica));
        Assert.Equal((0, 2), (reached.ErrorCode, reached.PreferredReadReplica));
    }

    [Fact]
    public async Task Redirect_still_checks_the_current_leader_epoch()
    {
        await using var cluster = await StartWithRecordsAsync(rackAware: true, follower2At: 3);

        var fenced = await cluster.ConsumerFetchAsync(0, rack: "rack-b", currentLeaderEpoch: RackCluster.LeaderEpoch - 1);

        Assert.Equal((short)Protocol.ErrorCode.FencedLeaderEpoch, fenced.ErrorCode);
        Assert.Equal(-1, fenced.PreferredReadReplica);
    }

    [Fact]
    public async Task Redirect_answers_a_long_poll_at_once()
    {
        await using var cluster = await StartWithRecordsAsync(rackAware: true, follower2At: 3);
        var started = System.Diagnostics.Stopwatch.StartNew();

        var redirected = await cluster.ConsumerFetchAsync(3, rack: "rack-b", maxWaitMs: 10_000);

        Assert.Equal(2, redirected.PreferredReadReplica);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"took {started.Elapsed}");
    }

    /// <summary>Three records on the leader; follower 3 fetched them all, follower 2 up to <paramref name="follower2At"/>.</summary>
    private static async Task<RackCluster> StartWithRecordsAsync(bool rackAware, long follower2At)
    {
        var cluster = await RackCluster.StartAsync(nodeId: 1, rackAware);
        var produced = await cluster.SendAsync<ProduceResponse>(ProduceRequest.ApiKey, 9, ProducerBatches.Request(RackCluster.Topic, 0, ProducerBatches.Plain(3), acks: 1));
        Assert.Equal(0, produced.Responses[0].PartitionResponses[0].ErrorCode);
        await cluster.FollowerFetchAsync(3, 3);
        await cluster.FollowerFetchAsync(2, follower2At);
        return cluster;
    }
}
