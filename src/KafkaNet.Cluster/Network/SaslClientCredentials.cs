namespace KafkaNet.Cluster.Network;

/// <summary>What a client authenticates with: a SASL mechanism (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512) and a user.</summary>
public sealed class SaslClientCredentials
{
    public const string Plain = "PLAIN";
    public const string ScramSha256 = "SCRAM-SHA-256";
    public const string ScramSha512 = "SCRAM-SHA-512";

    public SaslClientCredentials(string mechanism, string username, string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(username);
        ArgumentNullException.ThrowIfNull(password);
        if (!IsSupported(mechanism))
        {
            throw new ArgumentException($"SASL mechanism {mechanism} is not supported; use {Plain}, {ScramSha256} or {ScramSha512}.", nameof(mechanism));
        }
        Mechanism = mechanism;
        Username = username;
        Password = password;
    }

    public string Mechanism { get; }

    public string Username { get; }

    public string Password { get; }

    public static bool IsSupported(string? mechanism) => mechanism is Plain or ScramSha256 or ScramSha512;

    /// <summary>Never the password: these settings end up in log lines and exception messages.</summary>
    public override string ToString() => $"{Mechanism} as {Username}";
}
