using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace KafkaNet.Broker.Tests.Security.OAuthBearer;

/// <summary>An issuer for tests: its signing keys, the JWKS file a broker trusts, and tokens it signs.</summary>
internal sealed class TestTokens : IDisposable
{
    public const string Issuer = "https://issuer.test";
    public const string Audience = "kafka";

    private readonly RSA _rsa = RSA.Create(2048);
    private readonly ECDsa _ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly RSA _stranger = RSA.Create(2048);

    public TestTokens(string directory)
    {
        JwksPath = Path.Combine(directory, "jwks.json");
        WriteJwks();
    }

    public string JwksPath { get; }

    public RsaSecurityKey RsaKey => new(_rsa) { KeyId = "rsa-1" };

    public ECDsaSecurityKey EcKey => new(_ec) { KeyId = "ec-1" };

    /// <summary>A key the broker does not know, with the kid of a key it does.</summary>
    public RsaSecurityKey StrangerKey => new(_stranger) { KeyId = "rsa-1" };

    /// <summary>A signed token; <paramref name="lifetime"/> may be negative for one already expired.</summary>
    public string Sign(string subject, TimeSpan lifetime, SecurityKey? key = null, string? algorithm = null, string audience = Audience, string issuer = Issuer)
    {
        key ??= RsaKey;
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = now + lifetime - TimeSpan.FromHours(2),
            NotBefore = now + lifetime - TimeSpan.FromHours(2),
            Expires = now + lifetime,
            Claims = new Dictionary<string, object> { ["sub"] = subject, ["scope"] = "kafka" },
            SigningCredentials = new SigningCredentials(key, algorithm ?? (key is ECDsaSecurityKey ? SecurityAlgorithms.EcdsaSha256 : SecurityAlgorithms.RsaSha256)),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    /// <summary>An unsecured JWT (alg none, empty signature) with the given claims.</summary>
    public static string Unsecured(object claims) =>
        Base64Url.EncodeToString("{\"alg\":\"none\"}"u8) + "." + Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(claims)) + ".";

    /// <summary>The OAUTHBEARER client message carrying <paramref name="token"/>.</summary>
    public static byte[] ClientMessage(string token, string authorizationId = "", string extensions = "") =>
        Encoding.UTF8.GetBytes($"n,{(authorizationId.Length > 0 ? "a=" + authorizationId : "")},\u0001auth=Bearer {token}\u0001{extensions}\u0001");

    public static long UnixSeconds(TimeSpan fromNow) => DateTimeOffset.UtcNow.Add(fromNow).ToUnixTimeSeconds();

    public void Dispose()
    {
        _rsa.Dispose();
        _ec.Dispose();
        _stranger.Dispose();
    }

    private void WriteJwks()
    {
        var rsa = JsonWebKeyConverter.ConvertFromRSASecurityKey(RsaKey);
        var ec = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(EcKey);
        var keys = new[]
        {
            new Dictionary<string, string> { ["kty"] = "RSA", ["kid"] = rsa.Kid, ["use"] = "sig", ["alg"] = "RS256", ["n"] = rsa.N, ["e"] = rsa.E },
            new Dictionary<string, string> { ["kty"] = "EC", ["kid"] = ec.Kid, ["use"] = "sig", ["alg"] = "ES256", ["crv"] = ec.Crv, ["x"] = ec.X, ["y"] = ec.Y },
        };
        File.WriteAllText(JwksPath, JsonSerializer.Serialize(new { keys }));
    }
}
