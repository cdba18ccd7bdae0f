using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.EveryVersion;

/// <summary>AlterClientQuotas sets a quota for a user of its own; DescribeClientQuotas reads it back.</summary>
internal static partial class VersionProbes
{
    static partial void AddQuotaProbes(Dictionary<short, VersionProbe> probes)
    {
        probes[AlterClientQuotasRequest.ApiKey] = AlterClientQuotasProbe;
        probes[DescribeClientQuotasRequest.ApiKey] = DescribeClientQuotasProbe;
    }

    private static async Task AlterClientQuotasProbe(ProbeContext context, short version)
    {
        string user = context.UniqueName("quota-user", version);
        var response = await AlterQuotaAsync(context, version, user, 1e9);

        Assert.Equal([(0, (string?)null)], response.Entries.Select(e => ((int)e.ErrorCode, e.ErrorMessage)));
        Assert.Equal([("user", (string?)user)], response.Entries[0].Entity.Select(e => (e.EntityType, e.EntityName)));
    }

    private static async Task DescribeClientQuotasProbe(ProbeContext context, short version)
    {
        string user = context.UniqueName("quota-described", version);
        await AlterQuotaAsync(context, 1, user, 2e9);
        var request = new DescribeClientQuotasRequest { Strict = true };
        request.Components.Add(new() { EntityType = "user", MatchType = 0, Match = user });

        var response = await context.SendAsync<DescribeClientQuotasResponse>(DescribeClientQuotasRequest.ApiKey, version, request);

        Assert.Equal(0, response.ErrorCode);
        var entry = Assert.Single(response.Entries!);
        Assert.Equal([("producer_byte_rate", 2e9)], entry.Values.Select(v => (v.Key, v.Value)));
    }

    private static Task<AlterClientQuotasResponse> AlterQuotaAsync(ProbeContext context, short version, string user, double rate)
    {
        var entry = new AlterClientQuotasRequest.EntryData();
        entry.Entity.Add(new() { EntityType = "user", EntityName = user });
        entry.Ops.Add(new() { Key = "producer_byte_rate", Value = rate });
        var request = new AlterClientQuotasRequest();
        request.Entries.Add(entry);
        return context.SendAsync<AlterClientQuotasResponse>(AlterClientQuotasRequest.ApiKey, version, request);
    }
}
