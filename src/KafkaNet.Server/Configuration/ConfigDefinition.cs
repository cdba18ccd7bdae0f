using System.Globalization;

namespace KafkaNet.Server.Configuration;

/// <summary>
/// One row of the configuration table: a property's name, type, default, validation and documentation.
/// Defaults are written as text, exactly as they would appear in server.properties, and go through the
/// same parsing and validation as user values.
/// </summary>
public sealed class ConfigDefinition
{
    public ConfigDefinition(
        string name,
        ConfigType type,
        string? defaultValue,
        string documentation,
        ConfigValidator? validator = null,
        IReadOnlyList<string>? aliases = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(documentation);
        Name = name;
        Type = type;
        DefaultValue = defaultValue;
        Documentation = documentation;
        Validator = validator;
        Aliases = aliases ?? [];
    }

    /// <summary>Kafka's property name, e.g. <c>num.partitions</c>.</summary>
    public string Name { get; }

    public ConfigType Type { get; }

    /// <summary>The default as properties text, or null when the property is optional and unset by default.</summary>
    public string? DefaultValue { get; }

    /// <summary>One line for humans: usage text and the example configuration draw on it.</summary>
    public string Documentation { get; }

    public ConfigValidator? Validator { get; }

    /// <summary>Other names accepted for this property (e.g. broker.id for node.id).</summary>
    public IReadOnlyList<string> Aliases { get; }

    /// <summary>True when <paramref name="propertyName"/> is this property's name or one of its aliases.</summary>
    public bool Matches(string propertyName) =>
        string.Equals(Name, propertyName, StringComparison.Ordinal) || Aliases.Contains(propertyName, StringComparer.Ordinal);

    /// <summary>Converts <paramref name="text"/> to this property's type and validates it.</summary>
    /// <param name="text">The value as written.</param>
    /// <param name="writtenAs">The name the user wrote (an alias, perhaps), used in error messages.</param>
    /// <exception cref="ConfigException">The value is of the wrong type or rejected by the validator.</exception>
    public object Parse(string text, string? writtenAs = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var propertyName = writtenAs ?? Name;
        var value = Convert(text.Trim())
            ?? throw new ConfigException(propertyName, text, TypeMismatchReason());
        if (Validator?.Invoke(value) is { } reason)
        {
            throw new ConfigException(propertyName, text, reason);
        }

        return value;
    }

    public override string ToString() => Name;

    private object? Convert(string trimmed) => Type switch
    {
        ConfigType.Int => int.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i) ? i : null,
        ConfigType.Long => long.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? l : null,
        ConfigType.Boolean => bool.TryParse(trimmed, out var b) ? b : null,
        ConfigType.String => trimmed,
        ConfigType.List => SplitList(trimmed),
        _ => throw new InvalidOperationException($"Unsupported config type {Type}."),
    };

    private string TypeMismatchReason() => Type switch
    {
        ConfigType.Int => "Not a number of type INT",
        ConfigType.Long => "Not a number of type LONG",
        ConfigType.Boolean => "Expected value to be either true or false",
        _ => $"Not a value of type {Type}",
    };

    private static List<string> SplitList(string text) =>
        [.. text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
}
