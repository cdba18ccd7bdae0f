using Microsoft.IdentityModel.Tokens;

namespace KafkaNet.Broker.Security.OAuthBearer;

/// <summary>Where the verification keys of signed tokens come from.</summary>
public interface IJwksSource
{
    /// <summary>The keys to check a signature against now.</summary>
    IReadOnlyList<SecurityKey> CurrentKeys();
}

/// <summary>
/// A JSON Web Key Set in a local file (sasl.oauthbearer.jwks.endpoint.url=file:...), read again when the file's
/// time or size changes, so keys rotate without a restart. A file that cannot be read or parsed leaves the last good
/// keys in place; at startup it is an error.
/// </summary>
public sealed class JwksFile : IJwksSource
{
    private readonly string _path;
    private readonly Lock _reload = new();
    private (DateTime Written, long Length) _loadedVersion;
    private IReadOnlyList<SecurityKey> _keys;

    /// <exception cref="InvalidDataException">The file cannot be read or holds no signing key.</exception>
    public JwksFile(string path)
    {
        _path = path;
        _loadedVersion = Version();
        _keys = Load();
    }

    public IReadOnlyList<SecurityKey> CurrentKeys()
    {
        var version = Version();
        if (version == _loadedVersion)
        {
            return Volatile.Read(ref _keys);
        }
        lock (_reload)
        {
            if (version != _loadedVersion)
            {
                try
                {
                    Volatile.Write(ref _keys, Load());
                    _loadedVersion = version;
                }
                catch (InvalidDataException)
                {
                    // Half written or wrong: keep the keys that worked; the next look tries again.
                }
            }
            return _keys;
        }
    }

    private (DateTime, long) Version()
    {
        var info = new FileInfo(_path);
        return info.Exists ? (info.LastWriteTimeUtc, info.Length) : (DateTime.MinValue, -1);
    }

    private List<SecurityKey> Load()
    {
        string json;
        try
        {
            json = File.ReadAllText(_path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"the JWKS file {_path} cannot be read: {e.Message}", e);
        }
        return JwksParser.SigningKeys(json, _path);
    }
}

internal static class JwksParser
{
    /// <exception cref="InvalidDataException">Not a key set, or no key in it can verify signatures.</exception>
    public static List<SecurityKey> SigningKeys(string json, string origin)
    {
        JsonWebKeySet set;
        try
        {
            set = new JsonWebKeySet(json);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{origin} is not a JSON Web Key Set: {e.Message}", e);
        }
        var keys = set.GetSigningKeys().ToList();
        if (keys.Count == 0)
        {
            throw new InvalidDataException($"{origin} holds no RSA or EC signing key");
        }
        return keys;
    }
}
