namespace KafkaNet.Broker.Security;

/// <summary>SASL/PLAIN: one client message, the token, checked against the listener's users.</summary>
public sealed class PlainSaslServer(IReadOnlyDictionary<string, string> users) : ISaslServer
{
    public string Mechanism => SaslListenerSettings.Plain;

    public SaslOutcome Evaluate(ReadOnlySpan<byte> clientMessage)
    {
        var (userName, error) = PlainAuthenticator.Authenticate(clientMessage, users);
        return userName is null ? SaslOutcome.Failure(error!) : SaslOutcome.Success(userName);
    }
}
