using KafkaNet.Broker.Quotas;
using KafkaNet.Protocol;

namespace KafkaNet.Broker.Handlers;

/// <summary>
/// Takes the topics over the client's controller_mutation_rate out of a CreateTopics, CreatePartitions or DeleteTopics
/// request before this node's controller serves it, as <see cref="RefusedEntries"/> does for authorization; the request's
/// throttle becomes the quota's. A broker that forwards to another node's controller takes nothing out: that controller
/// does, for the client named in the Envelope (see <see cref="Quotas.ControllerMutationQuotas"/>).
/// </summary>
internal static class MutationQuotaEntries
{
    public const string Message = "The throttling quota has been exceeded.";

    /// <param name="partitions">How many partitions the entry creates or deletes.</param>
    public static List<(T Entry, ErrorCode Error)> Take<T>(RequestContext context, MutationQuota quota, List<T> entries, Func<T, int> partitions)
    {
        if (ReferenceEquals(quota, MutationQuota.Unbounded))
        {
            return [];
        }
        var refused = RefusedEntries.Take(entries, entry => quota.Admit(partitions(entry)) ? ErrorCode.None : ErrorCode.ThrottlingQuotaExceeded);
        context.ThrottleTimeMs = Math.Max(context.ThrottleTimeMs, quota.ThrottleTimeMs);
        return refused;
    }

    /// <summary>The message for a topic taken out: the authorization one, or the quota's.</summary>
    public static string? MessageFor(ErrorCode error, string? authorizationMessage) =>
        error == ErrorCode.ThrottlingQuotaExceeded ? Message : authorizationMessage;
}
