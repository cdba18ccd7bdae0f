namespace KafkaNet.Cluster.Network;

/// <summary>
/// The client side of one SASL authentication: the first message, then an answer to each server message until the
/// exchange is done.
/// </summary>
internal abstract class SaslClientExchange
{
    public abstract byte[] Start();

    /// <summary>The next client message, or null when the server's message ends the exchange successfully.</summary>
    /// <exception cref="SaslExchangeException">The server's message is malformed or fails verification.</exception>
    public abstract byte[]? Next(ReadOnlySpan<byte> serverMessage);

    public static SaslClientExchange Create(SaslClientCredentials credentials) => credentials.Mechanism switch
    {
        SaslClientCredentials.Plain => new PlainSaslClient(credentials.Username, credentials.Password),
        SaslClientCredentials.ScramSha256 => new ScramSaslClient(ScramSaslClient.Sha256, credentials.Username, credentials.Password),
        SaslClientCredentials.ScramSha512 => new ScramSaslClient(ScramSaslClient.Sha512, credentials.Username, credentials.Password),
        _ => throw new ArgumentException($"SASL mechanism {credentials.Mechanism} is not supported.", nameof(credentials)),
    };
}

/// <summary>The server's side of the exchange is wrong: the client stops and does not trust the connection.</summary>
internal sealed class SaslExchangeException(string message) : Exception(message);
