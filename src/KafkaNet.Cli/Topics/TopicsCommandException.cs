namespace KafkaNet.Cli.Topics;

/// <summary>The cluster refused or could not do what was asked: the message starts with Kafka's error name.</summary>
internal sealed class TopicsCommandException : Exception
{
    public TopicsCommandException(string message)
        : base(message)
    {
    }

    public TopicsCommandException()
    {
    }

    public TopicsCommandException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
