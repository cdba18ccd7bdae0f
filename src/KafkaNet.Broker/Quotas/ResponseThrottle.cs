using System.Collections.Concurrent;
using System.Reflection;
using KafkaNet.Protocol;

namespace KafkaNet.Broker.Quotas;

/// <summary>
/// Writes a throttle time into any response that has a throttle_time_ms field. Only throttled responses come here,
/// so finding the field once per response type is cheap enough.
/// </summary>
internal static class ResponseThrottle
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo?> Fields = new();

    /// <summary>Raises the response's throttle_time_ms to <paramref name="throttleMs"/> (Kafka answers with the larger of the quotas' throttles).</summary>
    public static void Raise(IKafkaMessage response, int throttleMs)
    {
        var field = Fields.GetOrAdd(response.GetType(), static type =>
            type.GetProperty("ThrottleTimeMs", BindingFlags.Public | BindingFlags.Instance) is { PropertyType: var t } p && t == typeof(int) && p.CanWrite ? p : null);
        if (field is not null && (int)field.GetValue(response)! < throttleMs)
        {
            field.SetValue(response, throttleMs);
        }
    }
}
