namespace KafkaNet.Cli.Arguments;

/// <summary>
/// A command could not do its work: the cluster refused or did not answer, or the input could not be read. The
/// message (starting with Kafka's error name where there is one) goes to stderr and the command exits 1.
/// </summary>
internal sealed class CommandFailedException : Exception
{
    public CommandFailedException(string message)
        : base(message)
    {
    }

    public CommandFailedException()
    {
    }

    public CommandFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
