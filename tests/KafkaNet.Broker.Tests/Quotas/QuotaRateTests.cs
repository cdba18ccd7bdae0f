using KafkaNet.Broker.Quotas;

namespace KafkaNet.Broker.Tests.Quotas;

/// <summary>The sampled rate and throttle time of a quota, as Kafka's quota sensors compute them.</summary>
public class QuotaRateTests
{
    [Fact]
    public void A_new_rate_is_measured_over_all_windows_but_one()
    {
        var rate = new QuotaRate(windows: 11, windowMs: 1000);

        // 50,000 bytes at once over a 10 s minimum window: 5,000/s, exactly the bound.
        Assert.Equal(0, rate.RecordAndGetThrottleMs(50_000, bound: 5_000, nowMs: 1_000));
        Assert.Equal(5_000, rate.RatePerSecond(1_000));
    }

    [Fact]
    public void Over_the_bound_the_throttle_is_the_excess_over_the_bound_times_the_window()
    {
        var rate = new QuotaRate(windows: 11, windowMs: 1000);

        // 60,000 bytes over 10 s = 6,000/s; (6,000 - 5,000) / 5,000 × 10,000 ms = 2,000 ms.
        Assert.Equal(2_000, rate.RecordAndGetThrottleMs(60_000, bound: 5_000, nowMs: 0));
    }

    [Fact]
    public void Once_more_than_all_windows_but_one_have_passed_the_real_elapsed_time_counts()
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

        Assert.Equal(0, rate.RecordAndGetThrottleMs(10, bound: 100, nowMs: 11_000));
        Assert.Equal(1.0, rate.RatePerSecond(11_000));
    }
}
