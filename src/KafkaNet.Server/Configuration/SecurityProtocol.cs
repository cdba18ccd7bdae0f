namespace KafkaNet.Server.Configuration;

/// <summary>The security protocols a listener can be mapped to in listener.security.protocol.map.</summary>
public enum SecurityProtocol
{
    Plaintext,
    Ssl,
    SaslPlaintext,
    SaslSsl,
}
