namespace KafkaNet.Cli.Admin;

/// <summary>The cluster refused or could not do what was asked: the message starts with Kafka's error name.</summary>
internal sealed class AdminCommandException : Exception
{
    public AdminCommandException(string message)
        : base(message)
    {
    }

    public AdminCommandException()
    {
    }

    public AdminCommandException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
