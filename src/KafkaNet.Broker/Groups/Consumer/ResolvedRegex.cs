namespace KafkaNet.Broker.Groups.Consumer;

/// <summary>The topics a subscription regular expression matched, as the ConsumerGroupRegularExpression record stores them.</summary>
/// <param name="Topics">The matching topic names.</param>
/// <param name="Version">A version of the topic metadata the expression was resolved against.</param>
/// <param name="TimestampMs">When it was resolved.</param>
public sealed record ResolvedRegex(IReadOnlySet<string> Topics, long Version, long TimestampMs)
{
    public bool HasSameTopics(ResolvedRegex? other) => other is not null && Topics.SetEquals(other.Topics);
}
