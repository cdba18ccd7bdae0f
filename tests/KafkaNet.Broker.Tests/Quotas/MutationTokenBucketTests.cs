using KafkaNet.Broker.Quotas;

namespace KafkaNet.Broker.Tests.Quotas;

/// <summary>The controller_mutation_rate token bucket, as KIP-599 describes it.</summary>
public class MutationTokenBucketTests
{
    private const double Rate = 2; // partitions per second

    [Fact]
    public void A_new_bucket_holds_the_rate_times_all_windows()
    {
        var bucket = new MutationTokenBucket(burstWindowMs: 11_000);

        Assert.Equal(22, bucket.Tokens(Rate, nowMs: 5_000));
    }

    [Fact]
    public void A_strict_take_is_accepted_while_the_bucket_is_not_below_zero_and_may_take_it_below_by_its_own_size()
    {
        var bucket = new MutationTokenBucket(burstWindowMs: 1_000);

        Assert.True(bucket.TryTake(5, Rate, nowMs: 0, out int first));
        Assert.Equal(0, first);
        Assert.Equal(-3, bucket.Tokens(Rate, nowMs: 0));

        // Below zero: refused, nothing taken, told to wait until the bucket is back at zero: 3 / 2 s.
        Assert.False(bucket.TryTake(1, Rate, nowMs: 0, out int second));
        Assert.Equal(1_500, second);
        Assert.Equal(-3, bucket.Tokens(Rate, nowMs: 0));
    }

    [Fact]
    public void The_bucket_refills_at_the_rate_up_to_its_burst()
    {
        var bucket = new MutationTokenBucket(burstWindowMs: 1_000);
        Assert.True(bucket.TryTake(5, Rate, nowMs: 0, out _));

        Assert.False(bucket.TryTake(1, Rate, nowMs: 1_000, out int stillOver));
        Assert.Equal(500, stillOver);
        Assert.True(bucket.TryTake(1, Rate, nowMs: 1_500, out int throttle));
        Assert.Equal(0, throttle);
        Assert.Equal(2, bucket.Tokens(Rate, nowMs: 60_000));
    }

    [Fact]
    public void A_permissive_take_always_takes_and_gives_the_time_back_to_zero()
    {
        var bucket = new MutationTokenBucket(burstWindowMs: 1_000);

        Assert.Equal(1_500, bucket.Take(5, Rate, nowMs: 0));
        Assert.Equal(4_000, bucket.Take(5, Rate, nowMs: 0));
        Assert.Equal(-8, bucket.Tokens(Rate, nowMs: 0));
    }
}
