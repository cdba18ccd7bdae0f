using System.Collections.Concurrent;
using KafkaNet.Broker.Handlers;

namespace KafkaNet.Broker.Quotas;

/// <summary>
/// controller_mutation_rate (KIP-599): a token bucket per quota entity that CreateTopics, CreatePartitions and
/// DeleteTopics take one token from per partition created or deleted. As in Kafka, the active controller keeps the
/// buckets: a broker whose controller is on another node charges nothing and forwards the request in an Envelope with the
/// client's principal and client id, so a client spreading its requests over several brokers still has one quota.
/// </summary>
public sealed class ControllerMutationQuotas
{
    private readonly ClientQuotaManager _resolver;
    private readonly long _burstWindowMs;
    private readonly ConcurrentDictionary<(string User, string ClientId), MutationTokenBucket> _buckets = new();

    public ControllerMutationQuotas(long burstWindowMs)
    {
        _burstWindowMs = burstWindowMs;
        _resolver = new ClientQuotaManager(ClientQuotaKeys.ControllerMutationRate, 1, burstWindowMs);
    }

    /// <summary>
    /// The quota for one request. Requests at <paramref name="strictSinceVersion"/> or later are refused
    /// topic by topic once over the quota (THROTTLING_QUOTA_EXCEEDED); older ones are served and only throttled.
    /// </summary>
    public MutationQuota For(RequestContext context, short strictSinceVersion)
    {
        ArgumentNullException.ThrowIfNull(context);
        var quotas = context.Broker.Image.ClientQuotas;
        if (quotas.IsEmpty || context.Broker.Controller is { IsLocal: false } || _resolver.Resolve(quotas, ClientQuotas.UserOf(context), context.ClientId) is not { Limit: { } rate } resolution)
        {
            return MutationQuota.Unbounded;
        }
        var bucket = _buckets.GetOrAdd((resolution.RateUser, resolution.RateClientId), static (_, window) => new MutationTokenBucket(window), _burstWindowMs);
        return new MutationQuota(bucket, rate, context.ApiVersion >= strictSinceVersion);
    }
}
