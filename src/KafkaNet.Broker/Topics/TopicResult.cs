namespace KafkaNet.Broker.Topics;

/// <summary>The outcome of a topic operation: an error, or the topic as it is (or would be, when only validating).</summary>
public readonly record struct TopicResult(ApiError Error, TopicInfo? Topic)
{
    public static TopicResult Failed(ApiError error) => new(error, null);

    public static TopicResult Ok(TopicInfo topic) => new(ApiError.None, topic);
}
