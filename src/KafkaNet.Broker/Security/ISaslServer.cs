namespace KafkaNet.Broker.Security;

/// <summary>
/// The server side of one SASL mechanism on one connection: it reads each client message in turn and says what to
/// answer, until the client is authenticated or refused.
/// </summary>
public interface ISaslServer
{
    /// <summary>The mechanism's name as SaslHandshake carries it ("PLAIN", "SCRAM-SHA-256", ...).</summary>
    string Mechanism { get; }

    /// <summary>Evaluates the client's next message.</summary>
    SaslOutcome Evaluate(ReadOnlySpan<byte> clientMessage);
}

/// <summary>
/// What one SASL step ends in: a challenge for the client to answer (neither user nor error), the authenticated user
/// (with the mechanism's final message, often empty), or a refusal with Kafka's wording.
/// </summary>
public sealed record SaslOutcome(byte[] ServerMessage, string? UserName, string? Error)
{
    /// <summary>When the credential stops being valid (a token's expiry); null when it does not expire.</summary>
    public DateTimeOffset? CredentialExpiry { get; init; }

    public bool IsComplete => UserName is not null;

    public bool IsFailure => Error is not null;

    public static SaslOutcome Challenge(byte[] serverMessage) => new(serverMessage, null, null);

    public static SaslOutcome Success(string userName, byte[]? finalMessage = null) => new(finalMessage ?? [], userName, null);

    public static SaslOutcome Failure(string error) => new([], null, error);
}
