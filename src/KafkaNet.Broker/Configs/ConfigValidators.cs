using System.Globalization;

namespace KafkaNet.Broker.Configs;

/// <summary>The value checks the config table is built from: type parsing plus Kafka's ranges and choices.</summary>
public static class ConfigValidators
{
    public static ConfigValidator Long(long min = long.MinValue, long max = long.MaxValue) => value =>
        !TryParseLong(value, out long parsed) ? "Not a number of type LONG" : CheckRange(parsed, min, max);

    public static ConfigValidator Int(int min = int.MinValue, int max = int.MaxValue) => value =>
        !TryParseInt(value, out int parsed) ? "Not a number of type INT" : CheckRange(parsed, min, max);

    /// <summary>An int in [min, max], or the single extra value <paramref name="alsoAllowed"/> (gzip's -1).</summary>
    public static ConfigValidator IntOr(int alsoAllowed, int min, int max) => value =>
        !TryParseInt(value, out int parsed) ? "Not a number of type INT"
        : parsed == alsoAllowed || (parsed >= min && parsed <= max) ? null
        : $"Value must be in [{min},...,{max}] or {alsoAllowed}";

    public static ConfigValidator Double(double min, double max) => value =>
        !double.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) || double.IsNaN(parsed)
            ? "Not a number of type DOUBLE"
            : parsed < min ? $"Value must be at least {Format(min)}"
            : parsed > max ? $"Value must be no more than {Format(max)}"
            : null;

    public static ConfigValidator Boolean() => value =>
        TryParseBoolean(value, out _) ? null : "Expected value to be either true or false";

    /// <summary>One of a fixed set of strings, compared exactly as Kafka's ValidString does.</summary>
    public static ConfigValidator OneOf(params string[] allowed) => value =>
        Array.IndexOf(allowed, value.Trim()) >= 0 ? null : $"String must be one of: {string.Join(", ", allowed)}";

    /// <summary>A comma-separated list whose items all come from <paramref name="allowed"/>.</summary>
    public static ConfigValidator ListOf(params string[] allowed) => value =>
    {
        foreach (string item in SplitList(value))
        {
            if (Array.IndexOf(allowed, item) < 0)
            {
                return $"String must be one of: {string.Join(", ", allowed)}";
            }
        }
        return null;
    };

    /// <summary>max.connections.per.ip.overrides: "host:count" entries whose hosts resolve.</summary>
    public static ConfigValidator ConnectionLimitOverrides() => value =>
    {
        try
        {
            Network.ConnectionLimits.ParseOverrides(value);
            return null;
        }
        catch (FormatException e)
        {
            return e.Message;
        }
    };

    /// <summary>Items of a list config, trimmed, empty items dropped.</summary>
    public static IReadOnlyList<string> SplitList(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
    }

    public static bool TryParseBoolean(string value, out bool result)
    {
        ArgumentNullException.ThrowIfNull(value);
        string trimmed = value.Trim();
        if (trimmed.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            result = true;
            return true;
        }
        result = false;
        return trimmed.Equals("false", StringComparison.OrdinalIgnoreCase);
    }

    private static bool TryParseLong(string value, out long result) =>
        long.TryParse(value.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out result);

    private static bool TryParseInt(string value, out int result) =>
        int.TryParse(value.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out result);

    private static string? CheckRange(long value, long min, long max) =>
        value < min ? $"Value must be at least {min.ToString(CultureInfo.InvariantCulture)}"
        : value > max ? $"Value must be no more than {max.ToString(CultureInfo.InvariantCulture)}"
        : null;

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}
