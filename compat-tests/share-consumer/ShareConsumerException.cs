namespace KafkaNet.Compat.ShareConsumer;

/// <summary>A share-consumer call that librdkafka refused.</summary>
internal sealed class ShareConsumerException : Exception
{
    public ShareConsumerException()
    {
    }

    public ShareConsumerException(string message)
        : base(message)
    {
    }

    public ShareConsumerException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
