namespace KafkaNet.Server.Configuration;

/// <summary>
/// How a property's text is turned into a value, following Kafka's ConfigDef types.
/// The parsed value is an <see cref="int"/>, <see cref="long"/>, <see cref="bool"/>,
/// <see cref="string"/> or <see cref="IReadOnlyList{T}"/> of strings respectively.
/// </summary>
public enum ConfigType
{
    Boolean,
    Int,
    Long,
    String,

    /// <summary>Comma-separated; items are trimmed and empty items dropped.</summary>
    List,
}
