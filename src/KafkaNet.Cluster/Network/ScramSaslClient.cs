using System.Security.Cryptography;
using System.Text;

namespace KafkaNet.Cluster.Network;

/// <summary>
/// SCRAM-SHA-256 and SCRAM-SHA-512 (RFC 5802, RFC 7677) without channel binding: client-first, then client-final
/// with the proof, then the server's signature is checked, so a server that does not know the password is refused.
/// </summary>
internal sealed class ScramSaslClient : SaslClientExchange
{
    public static readonly ScramHash Sha256 = new(HashAlgorithmName.SHA256, HMACSHA256.HashData, SHA256.HashData);
    public static readonly ScramHash Sha512 = new(HashAlgorithmName.SHA512, HMACSHA512.HashData, SHA512.HashData);

    // Kafka's brokers refuse credentials with fewer iterations; a server asking for fewer is not trusted either.
    private const int MinIterations = 4096;

    // "n,,": no channel binding, no authorization id; sent again, base64, in client-final.
    private const string Gs2Header = "n,,";

    private readonly ScramHash _hash;
    private readonly string _password;
    private readonly string _clientFirstBare;
    private readonly string _clientNonce;
    private byte[]? _expectedServerSignature;

    public ScramSaslClient(ScramHash hash, string username, string password, string? clientNonce = null)
    {
        _hash = hash;
        _password = password;
        _clientNonce = clientNonce ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
        _clientFirstBare = $"n={EscapeName(username)},r={_clientNonce}";
    }

    public override byte[] Start() => Encoding.UTF8.GetBytes(Gs2Header + _clientFirstBare);

    public override byte[]? Next(ReadOnlySpan<byte> serverMessage)
    {
        string message = Encoding.UTF8.GetString(serverMessage);
        return _expectedServerSignature is null ? ClientFinal(message) : VerifyServerFinal(message);
    }

    private byte[] ClientFinal(string serverFirst)
    {
        var attributes = Attributes(serverFirst);
        if (!attributes.TryGetValue('r', out var nonce) || !attributes.TryGetValue('s', out var saltText) || !attributes.TryGetValue('i', out var iterationsText))
        {
            throw new SaslExchangeException("the server's first SCRAM message lacks the nonce, salt or iteration count");
        }
        if (!nonce.StartsWith(_clientNonce, StringComparison.Ordinal) || nonce.Length == _clientNonce.Length)
        {
            throw new SaslExchangeException("the server's SCRAM nonce does not extend the client's");
        }
        if (!int.TryParse(iterationsText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int iterations) || iterations < MinIterations)
        {
            throw new SaslExchangeException($"the server's SCRAM iteration count {iterationsText} is below {MinIterations}");
        }
        byte[] salt;
        try
        {
            salt = Convert.FromBase64String(saltText);
        }
        catch (FormatException)
        {
            throw new SaslExchangeException("the server's SCRAM salt is not base64");
        }

        byte[] saltedPassword = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(_password), salt, iterations, _hash.Name, _hash.Length);
        byte[] clientKey = _hash.Hmac(saltedPassword, "Client Key"u8);
        byte[] storedKey = _hash.Digest(clientKey);
        string withoutProof = $"c={Convert.ToBase64String(Encoding.ASCII.GetBytes(Gs2Header))},r={nonce}";
        byte[] authMessage = Encoding.UTF8.GetBytes($"{_clientFirstBare},{serverFirst},{withoutProof}");
        byte[] proof = _hash.Hmac(storedKey, authMessage);
        for (int i = 0; i < proof.Length; i++)
        {
            proof[i] ^= clientKey[i];
        }
        _expectedServerSignature = _hash.Hmac(_hash.Hmac(saltedPassword, "Server Key"u8), authMessage);
        return Encoding.UTF8.GetBytes($"{withoutProof},p={Convert.ToBase64String(proof)}");
    }

    private byte[]? VerifyServerFinal(string serverFinal)
    {
        var attributes = Attributes(serverFinal);
        if (attributes.TryGetValue('e', out var error))
        {
            throw new SaslExchangeException("the server refused the SCRAM proof: " + error);
        }
        if (!attributes.TryGetValue('v', out var signature)
            || !CryptographicOperations.FixedTimeEquals(DecodeOrEmpty(signature), _expectedServerSignature))
        {
            throw new SaslExchangeException("the server's SCRAM signature does not match: it does not know the password");
        }
        return null;
    }

    private static byte[] DecodeOrEmpty(string base64)
    {
        try
        {
            return Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            return [];
        }
    }

    /// <summary>"a=1,b=2" as a map; the first occurrence of a name wins.</summary>
    private static Dictionary<char, string> Attributes(string message)
    {
        var attributes = new Dictionary<char, string>();
        foreach (string part in message.Split(','))
        {
            if (part.Length >= 2 && part[1] == '=')
            {
                attributes.TryAdd(part[0], part[2..]);
            }
        }
        return attributes;
    }

    /// <summary>RFC 5802 saslname: ',' and '=' escaped.</summary>
    private static string EscapeName(string username) => username.Replace("=", "=3D", StringComparison.Ordinal).Replace(",", "=2C", StringComparison.Ordinal);
}

/// <summary>The hash a SCRAM mechanism is built on.</summary>
internal sealed class ScramHash(HashAlgorithmName name, Func<byte[], byte[], byte[]> hmac, Func<byte[], byte[]> digest)
{
    public HashAlgorithmName Name { get; } = name;

    public int Length { get; } = digest([]).Length;

    public byte[] Hmac(byte[] key, ReadOnlySpan<byte> data) => hmac(key, data.ToArray());

    public byte[] Digest(byte[] data) => digest(data);
}
