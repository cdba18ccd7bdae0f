namespace KafkaNet.Server.Configuration;

/// <summary>
/// Raised when the server configuration cannot be used: a malformed command line, an unreadable
/// properties file, or a property whose value is invalid. Startup stops with <see cref="Exception.Message"/>,
/// which always names the offending property and value when there is one.
/// </summary>
public sealed class ConfigException : Exception
{
    public ConfigException()
    {
    }

    public ConfigException(string message)
        : base(message)
    {
    }

    public ConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Builds Kafka's wording: "Invalid value V for configuration P: reason".</summary>
    public ConfigException(string propertyName, string? value, string reason)
        : base($"Invalid value {value ?? "null"} for configuration {propertyName}: {reason}")
    {
        PropertyName = propertyName;
        Value = value;
    }

    private ConfigException(string propertyName, string message, Exception? innerException)
        : base(message, innerException)
    {
        PropertyName = propertyName;
    }

    /// <summary>Kafka's wording for a required property left unset.</summary>
    public static ConfigException MissingRequired(string propertyName) =>
        new(propertyName, $"Missing required configuration \"{propertyName}\" which has no default value.", (Exception?)null);

    /// <summary>The property at fault, or null when the problem is not about one property.</summary>
    public string? PropertyName { get; }

    /// <summary>The rejected value as written, when there is one.</summary>
    public string? Value { get; }
}
