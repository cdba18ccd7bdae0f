using System.Collections.Immutable;

namespace KafkaNet.Broker.Quotas;

/// <summary>
/// Which quota applies to a user and client id, in Kafka's order of precedence: /users/u/clients/c,
/// /users/u/clients/&lt;default&gt;, /users/u, /users/&lt;default&gt;/clients/c, /users/&lt;default&gt;/clients/&lt;default&gt;,
/// /users/&lt;default&gt;, /clients/c, /clients/&lt;default&gt;. The first entity that sets the key wins. Clients share a rate
/// when the quota that applies to them is set for a user alone (all that user's client ids) or, without a user, for a
/// client id: the rate is kept per (user, client id) as far as the winning entity names them.
/// </summary>
public readonly record struct ClientQuotaResolution(double? Limit, string RateUser, string RateClientId)
{
    public static ClientQuotaResolution None => new(null, "", "");

    public static ClientQuotaResolution Resolve(
        ImmutableDictionary<ClientQuotaEntity, ImmutableDictionary<string, double>> quotas, string key, string user, string clientId)
    {
        ArgumentNullException.ThrowIfNull(quotas);
        if (quotas.IsEmpty)
        {
            return None;
        }
        (string? User, bool HasUser, string? Client, bool HasClient, bool ShareUser)[] order =
        [
            (user, true, clientId, true, false),
            (user, true, null, true, false),
            (user, true, null, false, true),
            (null, true, clientId, true, false),
            (null, true, null, true, false),
            (null, true, null, false, true),
            (null, false, clientId, true, false),
            (null, false, null, true, false),
        ];
        foreach (var (u, hasUser, c, hasClient, userOnly) in order)
        {
            var components = new List<(string, string?)>(2);
            if (hasUser)
            {
                components.Add((ClientQuotaEntity.User, u));
            }
            if (hasClient)
            {
                components.Add((ClientQuotaEntity.ClientId, c));
            }
            if (quotas.TryGetValue(ClientQuotaEntity.Of([.. components]), out var values) && values.TryGetValue(key, out double limit))
            {
                return new(limit, hasUser ? user : "", userOnly ? "" : clientId);
            }
        }
        return None;
    }
}
