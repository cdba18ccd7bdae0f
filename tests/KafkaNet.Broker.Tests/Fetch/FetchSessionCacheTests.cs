using KafkaNet.Broker.Fetch;

namespace KafkaNet.Broker.Tests.Fetch;

public class FetchSessionCacheTests
{
    [Fact]
    public void A_full_cache_evicts_the_least_recently_used_idle_session()
    {
        var cache = new FetchSessionCache(capacity: 2, evictionAge: TimeSpan.Zero);
        var first = cache.Create()!;
        var second = cache.Create()!;
        Assert.NotNull(cache.Find(second.Id));
        var third = cache.Create();
        Assert.NotNull(third);
        Assert.Null(cache.Find(first.Id));
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void A_full_cache_of_busy_sessions_creates_none()
    {
        var cache = new FetchSessionCache(capacity: 1, evictionAge: TimeSpan.FromMinutes(2));
        var only = cache.Create()!;
        Assert.Null(cache.Create());
        Assert.NotNull(cache.Find(only.Id));
    }

    [Fact]
    public void Session_ids_are_unique_and_positive()
    {
        var cache = new FetchSessionCache(capacity: 100);
        var ids = Enumerable.Range(0, 100).Select(_ => cache.Create()!.Id).ToList();
        Assert.All(ids, id => Assert.True(id > 0));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }
}
