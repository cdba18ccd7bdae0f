using System.Security.Cryptography;
using System.Text;

namespace KafkaNet.Broker.Security.Scram;

/// <summary>
/// SASL/SCRAM (RFC 5802, RFC 7677) as Kafka's broker serves it: client-first, server-first with the client's nonce
/// extended by a fresh random one, client-final with the proof, server-final with the server's signature. An unknown
/// user walks the same path with a made-up credential, so the answer and its timing do not tell which users exist.
/// Every failure but a differing authorization id gets Kafka's one generic message, which names nothing of the user.
/// </summary>
public sealed class ScramSaslServer : ISaslServer
{
    /// <summary>The extension a delegation token's client sets; KafkaNet has no delegation tokens.</summary>
    public const string TokenAuthExtension = "tokenauth";

    // Made-up salts depend on the user name, so asking twice for one unknown user gets the same salt, as for a real one.
    private static readonly byte[] FakeSaltKey = RandomNumberGenerator.GetBytes(32);

    private readonly ScramMechanism _mechanism;
    private readonly Func<string, ScramCredential?> _credentials;
    private ScramClientFirst? _clientFirst;
    private string? _serverFirst;
    private ScramCredential? _credential;
    private bool _knownUser;
    private bool _done;

    /// <param name="credentials">The user's credential for this mechanism, or null when it has none.</param>
    public ScramSaslServer(ScramMechanism mechanism, Func<string, ScramCredential?> credentials)
    {
        _mechanism = mechanism ?? throw new ArgumentNullException(nameof(mechanism));
        _credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
    }

    public string Mechanism => _mechanism.Name;

    /// <summary>Kafka's answer to every SCRAM failure whose reason must not reach the client.</summary>
    public string InvalidCredentials => "Authentication failed during authentication due to invalid credentials with SASL mechanism " + _mechanism.Name;

    /// <summary>For tests: the server's part of the nonce is random unless given.</summary>
    internal string? FixedServerNonce { get; init; }

    public SaslOutcome Evaluate(ReadOnlySpan<byte> clientMessage)
    {
        if (_done)
        {
            return SaslOutcome.Failure(InvalidCredentials);
        }
        if (_clientFirst is null)
        {
            return First(clientMessage);
        }
        _done = true;
        return Final(clientMessage);
    }

    private SaslOutcome First(ReadOnlySpan<byte> message)
    {
        var first = ScramClientFirst.Parse(message);
        if (first is null || first.Extensions.TryGetValue(TokenAuthExtension, out string? tokenAuth) && tokenAuth.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            _done = true;
            return SaslOutcome.Failure(InvalidCredentials);
        }
        if (first.AuthorizationId.Length > 0 && first.AuthorizationId != first.UserName)
        {
            _done = true;
            return SaslOutcome.Failure("Authentication failed: Client requested an authorization id that is different from username");
        }
        var known = _credentials(first.UserName);
        _knownUser = known is not null && known.Iterations >= ScramMechanism.MinIterations;
        _credential = _knownUser ? known : MadeUpCredential(first.UserName);
        string serverNonce = FixedServerNonce ?? RandomNonce();
        _serverFirst = $"r={first.Nonce}{serverNonce},s={Convert.ToBase64String(_credential!.Salt)},i={_credential.Iterations}";
        _clientFirst = first;
        return SaslOutcome.Challenge(Encoding.UTF8.GetBytes(_serverFirst));
    }

    private SaslOutcome Final(ReadOnlySpan<byte> message)
    {
        var final = ScramClientFinal.Parse(message);
        string expectedNonce = _serverFirst!.Substring(2, _serverFirst.IndexOf(',', StringComparison.Ordinal) - 2);
        string expectedBinding = Convert.ToBase64String(Encoding.UTF8.GetBytes(_clientFirst!.Gs2Header));
        if (final is null || !AcceptsNonce(final.Nonce, expectedNonce) || final.ChannelBinding != expectedBinding || final.Proof.Length != _mechanism.HashLength)
        {
            return SaslOutcome.Failure(InvalidCredentials);
        }
        byte[] authMessage = Encoding.UTF8.GetBytes($"{_clientFirst.Bare},{_serverFirst},{final.WithoutProof}");
        var credential = _credential!;
        byte[] clientSignature = ScramFormulas.Hmac(_mechanism, credential.StoredKey, authMessage);
        byte[] clientKey = ScramFormulas.Xor(final.Proof, clientSignature);
        bool proven = CryptographicOperations.FixedTimeEquals(ScramFormulas.Hash(_mechanism, clientKey), credential.StoredKey);
        if (!proven || !_knownUser)
        {
            return SaslOutcome.Failure(InvalidCredentials);
        }
        byte[] serverSignature = ScramFormulas.Hmac(_mechanism, credential.ServerKey, authMessage);
        return SaslOutcome.Success(_clientFirst.UserName, Encoding.UTF8.GetBytes("v=" + Convert.ToBase64String(serverSignature)));
    }

    /// <summary>
    /// The nonce of client-final must be the combined nonce of server-first. librdkafka before 2.6.1 (Debian's kcat among
    /// them) puts its own nonce in front of it once more, and signs the message as sent; Kafka accepts a nonce that ends
    /// with the combined one, and so does KafkaNet. The proof still covers the whole message, so nothing is weakened.
    /// </summary>
    private static bool AcceptsNonce(string sent, string combined) => sent.EndsWith(combined, StringComparison.Ordinal);

    /// <summary>Letters and digits only, as Kafka's server nonce: some clients handle no other characters there.</summary>
    private static string RandomNonce() => RandomNumberGenerator.GetString("0123456789abcdefghijklmnopqrstuvwxyz", 26);

    private ScramCredential MadeUpCredential(string userName)
    {
        byte[] salt = HMACSHA256.HashData(FakeSaltKey, Encoding.UTF8.GetBytes(_mechanism.Name + "\0" + userName));
        return new ScramCredential(salt, RandomNumberGenerator.GetBytes(_mechanism.HashLength), RandomNumberGenerator.GetBytes(_mechanism.HashLength), ScramMechanism.MinIterations);
    }
}
