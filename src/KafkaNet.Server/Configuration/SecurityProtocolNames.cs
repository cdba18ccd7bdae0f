namespace KafkaNet.Server.Configuration;

/// <summary>Kafka's spelling of <see cref="SecurityProtocol"/> values (PLAINTEXT, SASL_SSL, ...).</summary>
internal static class SecurityProtocolNames
{
    private static readonly Dictionary<string, SecurityProtocol> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["PLAINTEXT"] = SecurityProtocol.Plaintext,
        ["SSL"] = SecurityProtocol.Ssl,
        ["SASL_PLAINTEXT"] = SecurityProtocol.SaslPlaintext,
        ["SASL_SSL"] = SecurityProtocol.SaslSsl,
    };

    public static IEnumerable<string> All => ByName.Keys;

    public static bool TryParse(string name, out SecurityProtocol protocol) => ByName.TryGetValue(name, out protocol);
}
