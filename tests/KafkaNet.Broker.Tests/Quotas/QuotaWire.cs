using KafkaNet.Broker.Tests.Network;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Quotas;

/// <summary>AlterClientQuotas and DescribeClientQuotas v0 as raw frames on a new connection.</summary>
internal static class QuotaWire
{
    public static async Task<AlterClientQuotasResponse.EntryData> AlterAsync(int port, (string Type, string? Name)[] entity,
        (string Key, double Value, bool Remove)[] ops, bool validateOnly = false)
    {
        var entry = new AlterClientQuotasRequest.EntryData();
        entry.Entity.AddRange(entity.Select(e => new AlterClientQuotasRequest.EntityData { EntityType = e.Type, EntityName = e.Name }));
        entry.Ops.AddRange(ops.Select(o => new AlterClientQuotasRequest.OpData { Key = o.Key, Value = o.Value, Remove = o.Remove }));
        var request = new AlterClientQuotasRequest { ValidateOnly = validateOnly };
        request.Entries.Add(entry);
        var response = await RoundTripAsync<AlterClientQuotasResponse>(port, AlterClientQuotasRequest.ApiKey, request);
        return Assert.Single(response.Entries);
    }

    public static Task<AlterClientQuotasResponse.EntryData> SetAsync(int port, (string Type, string? Name)[] entity, params (string Key, double Value)[] values) =>
        AlterAsync(port, entity, [.. values.Select(v => (v.Key, v.Value, false))]);

    public static Task<DescribeClientQuotasResponse> DescribeAsync(int port, bool strict, params (string Type, sbyte MatchType, string? Match)[] components)
    {
        var request = new DescribeClientQuotasRequest { Strict = strict };
        request.Components.AddRange(components.Select(c => new DescribeClientQuotasRequest.ComponentData { EntityType = c.Type, MatchType = c.MatchType, Match = c.Match }));
        return RoundTripAsync<DescribeClientQuotasResponse>(port, DescribeClientQuotasRequest.ApiKey, request);
    }

    /// <summary>Entries as "type=name,type=name: key=value,key=value" lines, sorted, names &lt;default&gt; when null.</summary>
    public static List<string> Lines(DescribeClientQuotasResponse response) =>
        [.. response.Entries!.Select(e =>
            string.Join(",", e.Entity.OrderBy(c => c.EntityType, StringComparer.Ordinal).Select(c => $"{c.EntityType}={c.EntityName ?? "<default>"}"))
            + ": " + string.Join(",", e.Values.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key}={v.Value}")))
            .Order(StringComparer.Ordinal)];

    private static async Task<TResponse> RoundTripAsync<TResponse>(int port, short apiKey, Protocol.IKafkaMessage request)
        where TResponse : Protocol.IKafkaMessage<TResponse>
    {
        using var connection = await RawKafkaConnection.ConnectAsync(port);
        await connection.SendRequestAsync(apiKey, 0, 1, request, flexibleHeader: false);
        return await PipelinedWire.ReceiveAsync<TResponse>(connection, 1, 0);
    }
}
