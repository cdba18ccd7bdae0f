namespace KafkaNet.Cli.ConsoleClients;

/// <summary>The cluster refused or could not do what was asked, or the input could not be read: exit code 1.</summary>
internal sealed class ConsoleClientException : Exception
{
    public ConsoleClientException(string message)
        : base(message)
    {
    }

    public ConsoleClientException()
    {
    }

    public ConsoleClientException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
