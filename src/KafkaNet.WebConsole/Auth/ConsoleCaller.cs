using KafkaNet.Broker.Security;

namespace KafkaNet.WebConsole.Auth;

/// <summary>
/// Whom the console acts for while it serves one API request: the signed-in user's SASL authentication (null when the
/// broker has no SASL listener: User:ANONYMOUS, as a client of a PLAINTEXT listener) and the browser's address.
/// <see cref="ConsoleAuthentication"/> sets it for the request; the requests sent to the broker's handlers carry it.
/// </summary>
internal sealed class ConsoleCaller(SaslConnectionState? sasl, string clientHost)
{
    public const string Anonymous = "User:ANONYMOUS";

    private static readonly AsyncLocal<ConsoleCaller?> CurrentCaller = new();

    /// <summary>The caller of the API request being served; null outside one.</summary>
    public static ConsoleCaller? Current
    {
        get => CurrentCaller.Value;
        set => CurrentCaller.Value = value;
    }

    public SaslConnectionState? Sasl => sasl;

    /// <summary>The browser's address as Kafka writes a client's host ("/127.0.0.1"); ACL host rules match it.</summary>
    public string ClientHost => clientHost;

    public string Principal => sasl?.Principal ?? Anonymous;
}
