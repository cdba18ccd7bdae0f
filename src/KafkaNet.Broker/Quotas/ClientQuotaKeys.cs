using System.Net;
using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;

namespace KafkaNet.Broker.Quotas;

/// <summary>The quota keys Kafka knows, which entity types take them, and the checks AlterClientQuotas applies.</summary>
public static class ClientQuotaKeys
{
    public const string ProducerByteRate = "producer_byte_rate";
    public const string ConsumerByteRate = "consumer_byte_rate";
    public const string RequestPercentage = "request_percentage";
    public const string ControllerMutationRate = "controller_mutation_rate";
    public const string ConnectionCreationRate = "connection_creation_rate";

    // Whole numbers (Kafka's LONG and INT keys) and fractions (DOUBLE keys).
    private static readonly Dictionary<string, bool> ClientKeys = new(StringComparer.Ordinal)
    {
        [ProducerByteRate] = true,
        [ConsumerByteRate] = true,
        [RequestPercentage] = false,
        [ControllerMutationRate] = false,
    };

    private static readonly Dictionary<string, bool> IpKeys = new(StringComparer.Ordinal) { [ConnectionCreationRate] = true };

    /// <summary>Checks an entity as Kafka's controller does: known types, each once, ip alone, a valid ip name.</summary>
    public static ApiError ValidateEntity(ClientQuotaEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        if (entity.Components.IsEmpty)
        {
            return Invalid("Invalid empty client quota entity");
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (type, name) in entity.Components)
        {
            if (type is not (ClientQuotaEntity.User or ClientQuotaEntity.ClientId or ClientQuotaEntity.Ip))
            {
                return Invalid($"Unhandled client quota entity type: {type}");
            }
            if (!seen.Add(type))
            {
                return Invalid($"Duplicate {type} entity type in client quota entity");
            }
            if (type == ClientQuotaEntity.Ip && name is not null && !IPAddress.TryParse(name, out _))
            {
                return Invalid($"{name} is not a valid IP or resolvable host.");
            }
        }
        if (seen.Contains(ClientQuotaEntity.Ip) && seen.Count > 1)
        {
            return Invalid("Invalid quota entity combination, IP entity should not be combined with User or ClientId entities.");
        }
        return ApiError.None;
    }

    /// <summary>Checks a key and value for an entity (already valid): the key must be one its type takes, the value positive.</summary>
    public static ApiError ValidateValue(ClientQuotaEntity entity, string key, double value, bool remove)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var keys = entity.TryGet(ClientQuotaEntity.Ip, out _) ? IpKeys : ClientKeys;
        if (!keys.TryGetValue(key, out bool whole))
        {
            return Invalid($"Invalid configuration key {key}");
        }
        if (remove)
        {
            return ApiError.None;
        }
        if (double.IsNaN(value) || double.IsInfinity(value) || value <= 0)
        {
            return Invalid($"Quota {key} must be positive, not {value}");
        }
        if (whole && (value != Math.Floor(value) || value > long.MaxValue))
        {
            return Invalid($"Configuration {key} must be a Long value");
        }
        return ApiError.None;
    }

    private static ApiError Invalid(string message) => new(ErrorCode.InvalidRequest, message);
}
