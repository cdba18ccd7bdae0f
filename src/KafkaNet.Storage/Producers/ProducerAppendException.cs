namespace KafkaNet.Storage.Producers;

/// <summary>The producer state refused an append; nothing was written.</summary>
public sealed class ProducerAppendException : Exception
{
    public ProducerAppendException(ProducerAppendError error, string message)
        : base(message) => Error = error;

    public ProducerAppendException()
    {
    }

    public ProducerAppendException(string message)
        : base(message)
    {
    }

    public ProducerAppendException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ProducerAppendError Error { get; }
}
