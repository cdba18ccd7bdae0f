namespace KafkaNet.Broker.Metadata;

/// <summary>A metadata record that cannot apply to the image, e.g. a partition of an unknown topic.</summary>
public sealed class MetadataReplayException : Exception
{
    public MetadataReplayException()
    {
    }

    public MetadataReplayException(string message)
        : base(message)
    {
    }

    public MetadataReplayException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
