using KafkaNet.Broker.Shares.Fetch;
using KafkaNet.Protocol;

namespace KafkaNet.Broker.Tests.Shares.Fetch;

public sealed class ShareSessionCacheTests
{
    private static readonly Guid TopicA = Guid.Parse("00000000-0000-0000-0000-00000000000a");
    private static readonly ShareSessionKey Alice = new("g", "alice");
    private static readonly ShareTopicPartition A0 = new(TopicA, 0);
    private static readonly ShareTopicPartition A1 = new(TopicA, 1);

    [Fact]
    public void Opening_starts_at_epoch_1_and_each_request_must_name_the_next_epoch()
    {
        var cache = new ShareSessionCache(10);
        Assert.Equal([A0], cache.Open(Alice, "c1", [A0]).Partitions!);
        Assert.Equal(1, cache.Find(Alice)!.NextEpoch);

        Assert.Equal((null, ErrorCode.InvalidShareSessionEpoch), cache.Continue(Alice, 2, [], []));
        Assert.Equal([A0, A1], cache.Continue(Alice, 1, [A1], []).Partitions!);
        Assert.Equal([A1], cache.Continue(Alice, 2, [], [A0]).Partitions!);
        Assert.Equal(3, cache.Find(Alice)!.NextEpoch);
        Assert.Equal((null, ErrorCode.ShareSessionNotFound), cache.Continue(new ShareSessionKey("g", "bob"), 1, [], []));
    }

    [Fact]
    public void Opening_again_replaces_the_members_session_and_a_full_cache_refuses_new_ones()
    {
        var cache = new ShareSessionCache(1);
        cache.Open(Alice, "c1", [A0]);
        cache.Continue(Alice, 1, [A1], []);
        Assert.Equal([A1], cache.Open(Alice, "c2", [A1]).Partitions!);
        Assert.Equal(1, cache.Find(Alice)!.NextEpoch);
        Assert.Equal((null, ErrorCode.ShareSessionLimitReached), cache.Open(new ShareSessionKey("g", "bob"), "c3", [A0]));
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void Acknowledging_needs_a_session_never_opens_one_and_moves_the_epoch_on()
    {
        var cache = new ShareSessionCache(10);
        Assert.Equal(ErrorCode.InvalidShareSessionEpoch, cache.Acknowledging(Alice, 0));
        Assert.Equal(ErrorCode.ShareSessionNotFound, cache.Acknowledging(Alice, 1));
        Assert.Equal(ErrorCode.ShareSessionNotFound, cache.Acknowledging(Alice, -1));
        cache.Open(Alice, "c1", [A0]);
        Assert.Equal(ErrorCode.None, cache.Acknowledging(Alice, 1));
        Assert.Equal(ErrorCode.InvalidShareSessionEpoch, cache.Acknowledging(Alice, 1));
        Assert.Equal(ErrorCode.None, cache.Acknowledging(Alice, 2));
        Assert.Equal(ErrorCode.None, cache.Acknowledging(Alice, -1));
        Assert.Equal(ErrorCode.None, cache.Closing(Alice));
        Assert.True(cache.Remove(Alice));
        Assert.Equal(ErrorCode.ShareSessionNotFound, cache.Closing(Alice));
    }

    [Fact]
    public void A_closed_connection_takes_its_sessions_with_it()
    {
        var cache = new ShareSessionCache(10);
        var bob = new ShareSessionKey("g", "bob");
        var carol = new ShareSessionKey("h", "carol");
        cache.Open(Alice, "c1", [A0]);
        cache.Open(bob, "c2", [A0]);
        cache.Open(carol, "c1", [A1]);

        Assert.Equal([Alice, carol], cache.RemoveConnection("c1").OrderBy(k => k.MemberId));
        Assert.Null(cache.Find(Alice));
        Assert.NotNull(cache.Find(bob));
        Assert.Empty(cache.RemoveConnection("c1"));
    }
}
