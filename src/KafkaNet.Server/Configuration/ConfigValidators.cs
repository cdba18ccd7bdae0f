using System.Globalization;

namespace KafkaNet.Server.Configuration;

/// <summary>Reusable validators for <see cref="ConfigDefinition"/> rows.</summary>
public static class ConfigValidators
{
    /// <summary>An INT or LONG value of at least <paramref name="min"/>.</summary>
    public static ConfigValidator AtLeast(long min) =>
        value => AsLong(value) >= min ? null : $"Value must be at least {min.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>An INT or LONG value of at most <paramref name="max"/>.</summary>
    public static ConfigValidator AtMost(long max) =>
        value => AsLong(value) <= max ? null : $"Value must be at most {max.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>A STRING that is not empty or whitespace and contains no whitespace.</summary>
    public static ConfigValidator SingleToken() => value => value switch
    {
        string s when s.Length == 0 => "Value must not be empty",
        string s when s.Any(char.IsWhiteSpace) => "Value must not contain whitespace",
        _ => null,
    };

    /// <summary>max.connections.per.ip.overrides: host:count entries whose hosts resolve, checked as the broker reads them.</summary>
    public static ConfigValidator ConnectionLimitOverrides()
    {
        var check = KafkaNet.Broker.Configs.ConfigValidators.ConnectionLimitOverrides();
        return value => check((string)value);
    }

    /// <summary>A LIST with at least one item.</summary>
    public static ConfigValidator NonEmptyList() =>
        value => AsList(value).Count > 0 ? null : "Value must not be empty";

    /// <summary>A LIST whose items are all distinct (compared case-sensitively).</summary>
    public static ConfigValidator NoDuplicates() => value =>
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return AsList(value).FirstOrDefault(item => !seen.Add(item)) is { } duplicate
            ? $"Duplicate item {duplicate}"
            : null;
    };

    /// <summary>A LIST whose items are all among <paramref name="allowed"/> (compared case-sensitively).</summary>
    public static ConfigValidator ItemsIn(params string[] allowed) => value =>
        AsList(value).FirstOrDefault(item => !allowed.Contains(item, StringComparer.Ordinal)) is { } bad
            ? $"Item {bad} is not one of [{string.Join(", ", allowed)}]"
            : null;

    /// <summary>Runs each validator in turn and reports the first complaint.</summary>
    public static ConfigValidator All(params ConfigValidator[] validators) => value =>
    {
        foreach (var validator in validators)
        {
            if (validator(value) is { } reason)
            {
                return reason;
            }
        }

        return null;
    };

    internal static long AsLong(object value) => value switch
    {
        int i => i,
        long l => l,
        _ => throw new InvalidOperationException($"Expected a number but got {value.GetType().Name}."),
    };

    internal static IReadOnlyList<string> AsList(object value) =>
        value as IReadOnlyList<string> ?? throw new InvalidOperationException($"Expected a list but got {value.GetType().Name}.");
}
