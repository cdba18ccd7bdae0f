using KafkaNet.Embedded;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Embedded;

/// <summary>Queuing, matching and counting of faults, without a broker.</summary>
public sealed class BrokerFaultsTests
{
    private static BrokerFaults Faults() => new(KafkaBroker.Served(KafkaBroker.DefaultHandlers(), new BrokerOptions()));

    [Fact]
    public void Faults_of_one_api_fire_in_queue_order_for_their_count_and_no_more()
    {
        var faults = Faults();
        faults.DelayResponses(ApiKeys.Produce, 2, TimeSpan.FromMilliseconds(10));
        faults.FailRequests(ApiKeys.Produce, 1, ErrorCode.NotLeaderOrFollower);
        faults.DropResponses(ApiKeys.Fetch, 1);

        var kinds = new List<FaultKind>();
        for (int i = 0; i < 4 && faults.TryTake((short)ApiKeys.Produce, out var fault); i++)
        {
            kinds.Add(fault.Kind);
        }

        Assert.Equal([FaultKind.Delay, FaultKind.Delay, FaultKind.Fail], kinds);
        Assert.Equal(3, faults.Fired(ApiKeys.Produce));
        Assert.Equal(0, faults.Pending(ApiKeys.Produce));
        Assert.Equal(1, faults.Pending(ApiKeys.Fetch));
        Assert.False(faults.TryTake((short)ApiKeys.Metadata, out _));
    }

    [Fact]
    public void Concurrent_requests_take_exactly_the_count()
    {
        var faults = Faults();
        faults.DropResponses(ApiKeys.Produce, 1000);
        int taken = 0;

        Parallel.For(0, 4, worker =>
        {
            for (int i = 0; i < 500; i++)
            {
                if (faults.TryTake((short)ApiKeys.Produce, out _))
                {
                    Interlocked.Increment(ref taken);
                }
            }
        });

        Assert.Equal(1000, taken);
        Assert.Equal(1000, faults.Fired(ApiKeys.Produce));
        Assert.Equal(0, faults.Pending(ApiKeys.Produce));
    }

    [Fact]
    public void Clear_removes_pending_faults_and_keeps_what_fired()
    {
        var faults = Faults();
        faults.DropResponses(ApiKeys.Produce, 3);
        Assert.True(faults.TryTake((short)ApiKeys.Produce, out _));

        faults.Clear();

        Assert.Equal(0, faults.Pending(ApiKeys.Produce));
        Assert.False(faults.TryTake((short)ApiKeys.Produce, out _));
        Assert.Equal(1, faults.Fired(ApiKeys.Produce));
    }

    [Fact]
    public void Meaningless_faults_are_refused_when_queued()
    {
        var faults = Faults();

        Assert.Throws<ArgumentOutOfRangeException>(() => faults.DropResponses(ApiKeys.Produce, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => faults.DelayResponses(ApiKeys.Fetch, 1, TimeSpan.FromMilliseconds(-1)));
        Assert.Throws<ArgumentException>(() => faults.FailRequests(ApiKeys.Produce, 1, ErrorCode.None));
        // Metadata has a top-level error code only in v13, OffsetFetch only in v2-7.
        Assert.Throws<NotSupportedException>(() => faults.FailRequests(ApiKeys.Metadata, 1, ErrorCode.NotLeaderOrFollower));
        Assert.Throws<NotSupportedException>(() => faults.FailRequests(ApiKeys.OffsetFetch, 1, ErrorCode.NotCoordinator));
        var withoutShares = new BrokerFaults(KafkaBroker.Served(KafkaBroker.DefaultHandlers(), new BrokerOptions { ShareGroups = { Enabled = false } }));
        Assert.Throws<ArgumentException>(() => withoutShares.DropResponses(ApiKeys.ShareFetch, 1)); // not served with group.share.enable=false
        Assert.Equal(0, faults.Pending(ApiKeys.Produce) + faults.Pending(ApiKeys.Fetch) + faults.Pending(ApiKeys.Metadata));
    }
}
