using KafkaNet.Broker.Quotas;

namespace KafkaNet.Broker.Tests.Quotas;

/// <summary>
/// The sampled rate and throttle time of a quota, as Kafka's quota sensors compute them, except that a new rate is
/// measured over at least one window rather than all windows but one.
/// </summary>
public class QuotaRateTests
{
    [Fact]
    public void A_new_rate_is_measured_over_at_least_one_window()
    {
        var rate = new QuotaRate(windows: 11, windowMs: 1000);

        // 5,000 bytes at once over a 1 s minimum window: 5,000/s, exactly the bound.
        Assert.Equal(0, rate.RecordAndGetThrottleMs(5_000, bound: 5_000, nowMs: 1_000));
        Assert.Equal(5_000, rate.RatePerSecond(1_000));
    }

    [Fact]
    public void A_new_client_cannot_burst_more_than_one_window_of_its_quota()
    {
        var rate = new QuotaRate(windows: 11, windowMs: 1000);

        // Kafka would let 50,000 through here (ten windows); one window more than the bound is throttled.
        Assert.Equal(0, rate.RecordAndGetThrottleMs(5_000, bound: 5_000, nowMs: 0));
        Assert.Equal(1_000, rate.RecordAndGetThrottleMs(5_000, bound: 5_000, nowMs: 0));
    }

    [Fact]
    public void Between_one_window_and_all_of_them_the_real_elapsed_time_counts()
    {
        var rate = new QuotaRate(windows: 11, windowMs: 1000);
        rate.RecordAndGetThrottleMs(1_000, bound: double.MaxValue, nowMs: 0);

        rate.RecordAndGetThrottleMs(1_000, bound: double.MaxValue, nowMs: 2_500);

        Assert.Equal(2_000 / 2.5, rate.RatePerSecond(2_500), precision: 6);
    }

    [Fact]
    public void Over_the_bound_the_throttle_is_the_excess_over_the_bound_times_the_window()
    {
        var rate = new QuotaRate(windows: 11, windowMs: 1000);

        // 6,000 bytes over 1 s = 6,000/s; (6,000 - 5,000) / 5,000 × 1,000 ms = 200 ms.
        Assert.Equal(200, rate.RecordAndGetThrottleMs(6_000, bound: 5_000, nowMs: 0));
    }

    [Fact]
    public void Over_many_windows_the_real_elapsed_time_counts()
    {
        var rate = new QuotaRate(windows: 11, windowMs: 1000);
        rate.RecordAndGetThrottleMs(1_000, bound: double.MaxValue, nowMs: 0);

        rate.RecordAndGetThrottleMs(1_000, bound: double.MaxValue, nowMs: 10_500);

        // 2,000 bytes since the first sample began 10.5 s ago.
        Assert.Equal(2_000 / 10.5, rate.RatePerSecond(10_500), precision: 6);
    }

    [Fact]
    public void Samples_older_than_all_windows_are_forgotten()
    {
        var rate = new QuotaRate(windows: 11, windowMs: 1000);
        rate.RecordAndGetThrottleMs(1_000_000, bound: double.MaxValue, nowMs: 0);

        // Only the 10 bytes just recorded are left, over the one-window minimum.
        Assert.Equal(0, rate.RecordAndGetThrottleMs(10, bound: 100, nowMs: 11_000));
        Assert.Equal(10.0, rate.RatePerSecond(11_000));
    }

    [Fact]
    public void A_capped_rate_never_throttles_longer_than_its_cap()
    {
        var capped = new QuotaRate(windows: 11, windowMs: 1000, maxThrottleMs: 1000);
        var uncapped = new QuotaRate(windows: 11, windowMs: 1000);

        // 50,000 over 1 s against 5,000/s: 9 s uncapped.
        Assert.Equal(1_000, capped.RecordAndGetThrottleMs(50_000, bound: 5_000, nowMs: 0));
        Assert.Equal(9_000, uncapped.RecordAndGetThrottleMs(50_000, bound: 5_000, nowMs: 0));
    }
}
