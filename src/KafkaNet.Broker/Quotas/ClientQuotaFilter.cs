using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Quotas;

/// <summary>
/// A DescribeClientQuotas filter as Kafka reads it: per entity type an exact name (match type 0), the default
/// (1) or any name (2); strict also refuses entities with types the filter does not name.
/// </summary>
public sealed class ClientQuotaFilter
{
    public const sbyte MatchExact = 0;
    public const sbyte MatchDefault = 1;
    public const sbyte MatchAny = 2;

    private readonly Dictionary<string, string?> _exact = new(StringComparer.Ordinal);
    private readonly HashSet<string> _any = new(StringComparer.Ordinal);
    private readonly bool _strict;

    private ClientQuotaFilter(bool strict) => _strict = strict;

    /// <summary>The filter of a request, or INVALID_REQUEST naming what is wrong with it.</summary>
    public static ApiError TryParse(DescribeClientQuotasRequest request, out ClientQuotaFilter filter)
    {
        ArgumentNullException.ThrowIfNull(request);
        filter = new ClientQuotaFilter(request.Strict);
        foreach (var component in request.Components)
        {
            string type = component.EntityType;
            if (filter._exact.ContainsKey(type) || filter._any.Contains(type))
            {
                return Invalid($"Entity type {type} cannot appear more than once in the filter.");
            }
            if (type is not (ClientQuotaEntity.User or ClientQuotaEntity.ClientId or ClientQuotaEntity.Ip))
            {
                return new ApiError(ErrorCode.UnsupportedVersion, $"Custom entity type {type} not supported");
            }
            switch (component.MatchType)
            {
                case MatchExact when component.Match is null:
                    return Invalid("Request specified MATCH_TYPE_EXACT, but set match string to null.");
                case MatchExact:
                    filter._exact[type] = component.Match;
                    break;
                case MatchDefault or MatchAny when component.Match is not null:
                    return Invalid($"Request specified {(component.MatchType == MatchDefault ? "MATCH_TYPE_DEFAULT" : "MATCH_TYPE_SPECIFIED")}, but also specified a match string.");
                case MatchDefault:
                    filter._exact[type] = null;
                    break;
                case MatchAny:
                    filter._any.Add(type);
                    break;
                default:
                    return Invalid($"Unknown match type {component.MatchType}");
            }
        }
        bool ip = filter.Names(ClientQuotaEntity.Ip);
        if (ip && (filter.Names(ClientQuotaEntity.User) || filter.Names(ClientQuotaEntity.ClientId)))
        {
            return Invalid("Invalid entity filter component combination, IP filter component should not be used with user or clientId filter component.");
        }
        return ApiError.None;
    }

    public bool Matches(ClientQuotaEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        if (_strict && entity.Components.Length != _exact.Count + _any.Count)
        {
            return false;
        }
        foreach (var (type, name) in _exact)
        {
            if (!entity.TryGet(type, out string? own) || own != name)
            {
                return false;
            }
        }
        foreach (string type in _any)
        {
            if (!entity.TryGet(type, out _))
            {
                return false;
            }
        }
        return true;
    }

    private bool Names(string type) => _exact.ContainsKey(type) || _any.Contains(type);

    private static ApiError Invalid(string message) => new(ErrorCode.InvalidRequest, message);
}
