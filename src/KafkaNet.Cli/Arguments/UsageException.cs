namespace KafkaNet.Cli.Arguments;

/// <summary>The command line is wrong: the message says why, and the caller prints usage and exits 1, as Kafka's tools do.</summary>
internal sealed class UsageException : Exception
{
    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException()
    {
    }

    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
