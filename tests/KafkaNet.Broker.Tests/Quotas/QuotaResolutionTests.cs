using System.Collections.Immutable;
using KafkaNet.Broker.Quotas;

namespace KafkaNet.Broker.Tests.Quotas;

/// <summary>Which quota applies to a user and client id, in Kafka's order of precedence, and who shares its rate.</summary>
public class QuotaResolutionTests
{
    private const string Key = ClientQuotaKeys.ProducerByteRate;

    private static readonly (string? User, bool HasUser, string? Client, bool HasClient, double Rate)[] Everything =
    [
        ("alice", true, "app", true, 1),
        ("alice", true, null, true, 2),
        ("alice", true, null, false, 3),
        (null, true, "app", true, 4),
        (null, true, null, true, 5),
        (null, true, null, false, 6),
        (null, false, "app", true, 7),
        (null, false, null, true, 8),
    ];

    private static ImmutableDictionary<ClientQuotaEntity, ImmutableDictionary<string, double>> Quotas(IEnumerable<(string? User, bool HasUser, string? Client, bool HasClient, double Rate)> rows)
    {
        var quotas = ImmutableDictionary<ClientQuotaEntity, ImmutableDictionary<string, double>>.Empty;
        foreach (var (user, hasUser, client, hasClient, rate) in rows)
        {
            var components = new List<(string, string?)>();
            if (hasUser)
            {
                components.Add(("user", user));
            }
            if (hasClient)
            {
                components.Add(("client-id", client));
            }
            quotas = quotas.SetItem(ClientQuotaEntity.Of([.. components]), ImmutableDictionary<string, double>.Empty.Add(Key, rate));
        }
        return quotas;
    }

    [Theory]
    [InlineData(0, 1.0, "alice", "app")]
    [InlineData(1, 2.0, "alice", "app")]
    [InlineData(2, 3.0, "alice", "")]
    [InlineData(3, 4.0, "alice", "app")]
    [InlineData(4, 5.0, "alice", "app")]
    [InlineData(5, 6.0, "alice", "")]
    [InlineData(6, 7.0, "", "app")]
    [InlineData(7, 8.0, "", "app")]
    public void The_most_specific_entity_that_sets_the_key_wins_and_names_the_shared_rate(int skip, double expected, string rateUser, string rateClient)
    {
        var quotas = Quotas(Everything.Skip(skip));

        var resolution = ClientQuotaResolution.Resolve(quotas, Key, "alice", "app");

        Assert.Equal(new ClientQuotaResolution(expected, rateUser, rateClient), resolution);
    }

    [Fact]
    public void Another_user_and_client_fall_to_the_defaults_and_nothing_set_means_no_quota()
    {
        var quotas = Quotas(Everything);

        Assert.Equal(new ClientQuotaResolution(5, "bob", "other"), ClientQuotaResolution.Resolve(quotas, Key, "bob", "other"));
        Assert.Equal(ClientQuotaResolution.None, ClientQuotaResolution.Resolve(quotas, ClientQuotaKeys.ConsumerByteRate, "alice", "app"));
        Assert.Equal(ClientQuotaResolution.None, ClientQuotaResolution.Resolve(Quotas([("alice", true, null, false, 3)]), Key, "bob", "app"));
    }

    [Fact]
    public void A_user_quota_is_shared_by_all_of_its_client_ids()
    {
        var manager = new ClientQuotaManager(Key, 11, 1000);
        var quotas = Quotas([("alice", true, null, false, 1000)]);

        // 1,000 bytes over the 1 s minimum window is exactly 1000/s: within; more from another client id is over.
        Assert.Equal(0, manager.RecordAndGetThrottleMs(quotas, "alice", "one", 1_000, nowMs: 5_000));
        Assert.True(manager.RecordAndGetThrottleMs(quotas, "alice", "two", 1_000, nowMs: 5_000) > 0);
        Assert.Equal(0, manager.RecordAndGetThrottleMs(quotas, "bob", "two", 1_000_000, nowMs: 5_000));
    }
}
