namespace KafkaNet.Broker.Security.Tls;

/// <summary>No ssl.principal.mapping.rules rule applies to a client certificate's name: the connection is refused, as Kafka's.</summary>
public sealed class NoMatchingSslPrincipalRuleException : Exception
{
    public NoMatchingSslPrincipalRuleException()
    {
    }

    public NoMatchingSslPrincipalRuleException(string message)
        : base(message)
    {
    }

    public NoMatchingSslPrincipalRuleException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
