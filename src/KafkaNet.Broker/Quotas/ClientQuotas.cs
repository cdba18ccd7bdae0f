using KafkaNet.Broker.Handlers;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Quotas;

/// <summary>
/// The broker's byte-rate quotas: produce bytes (the whole request, as Kafka counts it) and fetch bytes (the
/// records sent). A throttled request's response carries throttle_time_ms and its connection reads nothing more for
/// that long after the response goes out (KIP-219).
/// </summary>
public sealed class ClientQuotas
{
    public ClientQuotas(int windows, int windowSeconds)
    {
        long windowMs = windowSeconds * 1000L;
        Produce = new ClientQuotaManager(ClientQuotaKeys.ProducerByteRate, windows, windowMs);
        Fetch = new ClientQuotaManager(ClientQuotaKeys.ConsumerByteRate, windows, windowMs);
        // As Kafka, a request-time throttle is at most one window; byte-rate throttles are not capped.
        RequestTime = new ClientQuotaManager(ClientQuotaKeys.RequestPercentage, windows, windowMs, (int)windowMs);
        Connections = new IpConnectionRateQuotas(windows, windowMs);
        Mutations = new ControllerMutationQuotas(windows * windowMs);
    }

    public ClientQuotaManager Produce { get; }

    public ClientQuotaManager Fetch { get; }

    /// <summary>request_percentage: handler time as a percentage of one thread.</summary>
    public ClientQuotaManager RequestTime { get; }

    /// <summary>controller_mutation_rate: partitions created and deleted per second.</summary>
    public ControllerMutationQuotas Mutations { get; }

    /// <summary>connection_creation_rate of client addresses.</summary>
    public IpConnectionRateQuotas Connections { get; }

    /// <summary>The user a quota names: the principal's name without its type ("alice" for "User:alice").</summary>
    public static string UserOf(RequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        string principal = context.Principal;
        int colon = principal.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? principal : principal[(colon + 1)..];
    }

    /// <summary>Counts a produce request against producer_byte_rate and marks its throttle on the response and the request.</summary>
    public void Produced(RequestContext context, ProduceResponse? response)
    {
        ArgumentNullException.ThrowIfNull(context);
        int throttle = Record(Produce, context, context.RequestBytes);
        if (throttle > 0 && response is not null)
        {
            response.ThrottleTimeMs = throttle;
        }
    }

    /// <summary>Counts the bytes of a fetch response against consumer_byte_rate and marks its throttle.</summary>
    public void Fetched(RequestContext context, FetchResponse response, long bytes)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(response);
        int throttle = Record(Fetch, context, bytes);
        if (throttle > 0)
        {
            response.ThrottleTimeMs = throttle;
        }
    }

    /// <summary>
    /// Counts the handler time of a request that started at Stopwatch timestamp <paramref name="startedAt"/> against
    /// request_percentage (time as a percentage of one thread, so 100 is one whole thread) and keeps its throttle on
    /// the request for the response.
    /// </summary>
    public void HandlerTimeUsed(RequestContext context, long startedAt)
    {
        ArgumentNullException.ThrowIfNull(context);
        var quotas = context.Broker.Image.ClientQuotas;
        if (quotas.IsEmpty)
        {
            return;
        }
        double percentOfASecond = System.Diagnostics.Stopwatch.GetElapsedTime(startedAt).TotalSeconds * 100;
        context.RequestTimeThrottleMs = RequestTime.RecordAndGetThrottleMs(quotas, UserOf(context), context.ClientId, percentOfASecond, Environment.TickCount64);
    }

    private static int Record(ClientQuotaManager manager, RequestContext context, double value)
    {
        var quotas = context.Broker.Image.ClientQuotas;
        if (quotas.IsEmpty)
        {
            return 0;
        }
        int throttle = manager.RecordAndGetThrottleMs(quotas, UserOf(context), context.ClientId, value, Environment.TickCount64);
        context.ThrottleTimeMs = Math.Max(context.ThrottleTimeMs, throttle);
        return throttle;
    }
}
