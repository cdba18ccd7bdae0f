namespace KafkaNet.Server.Configuration;

/// <summary>
/// Checks a parsed property value. Returns null when the value is acceptable, otherwise the reason
/// it is not (the caller adds the property name and value to the message).
/// </summary>
/// <param name="value">The parsed value, of the CLR type matching the property's <see cref="ConfigType"/>.</param>
public delegate string? ConfigValidator(object value);
