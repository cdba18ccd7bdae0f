using System.Net;
using KafkaNet.Broker.Network;
using Limits = KafkaNet.Broker.Network.ConnectionLimits;

namespace KafkaNet.Broker.Tests.Network.ConnectionLimits;

public sealed class ConnectionQuotasTests
{
    private static readonly IPAddress A = IPAddress.Parse("10.0.0.1");
    private static readonly IPAddress B = IPAddress.Parse("10.0.0.2");

    private static Limits PerIp(int perIp, string overrides = "") => new(int.MaxValue, perIp, Limits.ParseOverrides(overrides));

    [Fact]
    public async Task An_address_at_its_limit_is_refused_with_the_limit_while_others_are_admitted()
    {
        var quotas = new ConnectionQuotas(PerIp(2));

        Assert.True((await quotas.AdmitAsync(A, default)).IsAdmitted);
        Assert.True((await quotas.AdmitAsync(A, default)).IsAdmitted);
        Assert.Equal(ConnectionAdmission.Refused(2), await quotas.AdmitAsync(A, default));
        Assert.True((await quotas.AdmitAsync(B, default)).IsAdmitted);

        Assert.Equal((3, 2, 1), (quotas.Total, quotas.CountOf(A), quotas.CountOf(B)));
    }

    [Fact]
    public async Task Releasing_a_connection_frees_its_addresss_slot()
    {
        var quotas = new ConnectionQuotas(PerIp(1));
        Assert.True((await quotas.AdmitAsync(A, default)).IsAdmitted);
        Assert.False((await quotas.AdmitAsync(A, default)).IsAdmitted);

        quotas.Release(A);

        Assert.Equal((0, 0), (quotas.Total, quotas.CountOf(A)));
        Assert.True((await quotas.AdmitAsync(A, default)).IsAdmitted);
    }

    [Fact]
    public async Task An_override_replaces_the_per_ip_limit_for_its_address_only()
    {
        var quotas = new ConnectionQuotas(PerIp(1, "10.0.0.1:3"));

        for (int i = 0; i < 3; i++)
        {
            Assert.True((await quotas.AdmitAsync(A, default)).IsAdmitted);
        }
        Assert.Equal(ConnectionAdmission.Refused(3), await quotas.AdmitAsync(A, default));
        Assert.True((await quotas.AdmitAsync(B, default)).IsAdmitted);
        Assert.Equal(ConnectionAdmission.Refused(1), await quotas.AdmitAsync(B, default));
    }

    [Fact]
    public async Task IPv4_mapped_IPv6_addresses_count_as_their_IPv4_address()
    {
        var quotas = new ConnectionQuotas(PerIp(1));
        Assert.True((await quotas.AdmitAsync(A.MapToIPv6(), default)).IsAdmitted);

        Assert.False((await quotas.AdmitAsync(A, default)).IsAdmitted);
        Assert.Equal(1, quotas.CountOf(A));
    }

    [Fact]
    public async Task At_max_connections_a_new_connection_waits_until_one_is_released()
    {
        var quotas = new ConnectionQuotas(new Limits(2, int.MaxValue, new Dictionary<IPAddress, int>()));
        await quotas.AdmitAsync(A, default);
        await quotas.AdmitAsync(B, default);

        var waiting = quotas.AdmitAsync(null, default).AsTask();
        await Task.Delay(100);
        Assert.False(waiting.IsCompleted);

        quotas.Release(A);
        Assert.True((await waiting.WaitAsync(TimeSpan.FromSeconds(10))).IsAdmitted);
        Assert.Equal(2, quotas.Total);
    }

    [Fact]
    public async Task A_waiter_cancelled_by_its_connection_closing_holds_no_slot()
    {
        var quotas = new ConnectionQuotas(new Limits(1, int.MaxValue, new Dictionary<IPAddress, int>()));
        await quotas.AdmitAsync(A, default);
        using var closed = new CancellationTokenSource();

        var waiting = quotas.AdmitAsync(B, closed.Token).AsTask();
        await closed.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(10)));
        quotas.Release(A);
        Assert.Equal((0, 0), (quotas.Total, quotas.CountOf(B)));
    }

    [Fact]
    public async Task Raising_max_connections_admits_the_waiters_at_once()
    {
        var quotas = new ConnectionQuotas(new Limits(1, int.MaxValue, new Dictionary<IPAddress, int>()));
        await quotas.AdmitAsync(A, default);
        var waiting = quotas.AdmitAsync(B, default).AsTask();

        quotas.Reconfigure(new Limits(5, int.MaxValue, new Dictionary<IPAddress, int>()));

        Assert.True((await waiting.WaitAsync(TimeSpan.FromSeconds(10))).IsAdmitted);
        Assert.Equal(2, quotas.Total);
    }

    [Fact]
    public async Task Concurrent_admits_and_releases_balance_to_zero()
    {
        var quotas = new ConnectionQuotas(new Limits(8, 3, new Dictionary<IPAddress, int>()));
        var addresses = Enumerable.Range(1, 4).Select(i => IPAddress.Parse($"10.0.1.{i}")).ToArray();

        await Parallel.ForEachAsync(Enumerable.Range(0, 2000), async (i, _) =>
        {
            var address = addresses[i % addresses.Length];
            if ((await quotas.AdmitAsync(address, default)).IsAdmitted)
            {
                Assert.InRange(quotas.CountOf(address), 1, 3);
                quotas.Release(address);
            }
        }).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, quotas.Total);
        Assert.All(addresses, a => Assert.Equal(0, quotas.CountOf(a)));
    }

    [Fact]
    public void Releasing_more_than_was_admitted_is_a_bug_caught_at_once()
    {
        var quotas = new ConnectionQuotas(Limits.Unlimited);
        Assert.Throws<InvalidOperationException>(() => quotas.Release(A));
    }
}
