namespace KafkaNet.Cli.MetadataQuorum;

/// <summary>The command could not do its work: the message is printed to stderr and the command exits 1.</summary>
internal sealed class QuorumCommandException : Exception
{
    public QuorumCommandException(string message)
        : base(message)
    {
    }

    public QuorumCommandException()
    {
    }

    public QuorumCommandException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
