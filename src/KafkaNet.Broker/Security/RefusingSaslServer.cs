namespace KafkaNet.Broker.Security;

/// <summary>A server that fails whatever the client sends, with an error decided before the exchange began.</summary>
internal sealed class RefusingSaslServer(string mechanism, string error) : ISaslServer
{
    public string Mechanism => mechanism;

    public SaslOutcome Evaluate(ReadOnlySpan<byte> clientMessage) => SaslOutcome.Failure(error);
}
