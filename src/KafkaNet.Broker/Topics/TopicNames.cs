using KafkaNet.Protocol;

namespace KafkaNet.Broker.Topics;

/// <summary>Kafka's rules for topic names, with Kafka's messages.</summary>
public static class TopicNames
{
    public const int MaxLength = 249;

    public const string ConsumerOffsets = "__consumer_offsets";

    public const string TransactionState = "__transaction_state";

    public const string ShareGroupState = "__share_group_state";

    /// <summary>None, or INVALID_TOPIC_EXCEPTION saying why the name is illegal.</summary>
    public static ApiError Validate(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return Invalid("Topic name is illegal, it can't be empty");
        }
        if (name is "." or "..")
        {
            return Invalid("Topic name cannot be \".\" or \"..\"");
        }
        if (name.Length > MaxLength)
        {
            return Invalid($"Topic name is illegal, it can't be longer than {MaxLength} characters, topic name: {name}");
        }
        foreach (char c in name)
        {
            if (!IsLegal(c))
            {
                return Invalid($"Topic name \"{name}\" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'");
            }
        }
        return ApiError.None;
    }

    /// <summary>
    /// '.' and '_' map to the same metric names, so two topics that differ only there would
    /// collide; Kafka refuses the second one. Equal keys mean colliding names.
    /// </summary>
    public static string CollisionKey(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Replace('.', '_');
    }

    public static ApiError Collision(string name, string existing) =>
        Invalid($"Topic '{name}' collides with existing topic: {existing}");

    /// <summary>The topics Kafka marks internal in Metadata.</summary>
    public static bool IsInternal(string name) => name is ConsumerOffsets or TransactionState or ShareGroupState;

    private static bool IsLegal(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-';

    private static ApiError Invalid(string message) => new(ErrorCode.InvalidTopicException, message);
}
