using System.Text;
using KafkaNet.Broker.Security.Scram;

namespace KafkaNet.Broker.Tests.Security;

/// <summary>The client side of SCRAM, written from RFC 5802, for driving the broker's server in tests.</summary>
internal sealed class ScramTestClient(ScramMechanism mechanism, string user, string password, string clientNonce)
{
    private string _clientFirstBare = "";
    private byte[] _saltedPassword = [];
    private string _authMessage = "";

    public byte[] ClientFirst(string gs2Header = "n,,")
    {
        _clientFirstBare = $"n={user.Replace("=", "=3D", StringComparison.Ordinal).Replace(",", "=2C", StringComparison.Ordinal)},r={clientNonce}";
        return Encoding.UTF8.GetBytes(gs2Header + _clientFirstBare);
    }

    /// <summary>The client-final message answering the server-first one, with a valid proof for the password.</summary>
    public byte[] ClientFinal(byte[] serverFirst, string channelBinding = "biws", string? nonceOverride = null)
    {
        string text = Encoding.UTF8.GetString(serverFirst);
        var fields = text.Split(',').ToDictionary(f => f[..1], f => f[2..]);
        _saltedPassword = ScramFormulas.SaltedPassword(mechanism, password, Convert.FromBase64String(fields["s"]), int.Parse(fields["i"], System.Globalization.CultureInfo.InvariantCulture));
        string withoutProof = $"c={channelBinding},r={nonceOverride ?? fields["r"]}";
        _authMessage = $"{_clientFirstBare},{text},{withoutProof}";
        byte[] clientKey = ScramFormulas.ClientKey(mechanism, _saltedPassword);
        byte[] signature = ScramFormulas.Hmac(mechanism, ScramFormulas.Hash(mechanism, clientKey), Encoding.UTF8.GetBytes(_authMessage));
        return Encoding.UTF8.GetBytes($"{withoutProof},p={Convert.ToBase64String(ScramFormulas.Xor(clientKey, signature))}");
    }

    /// <summary>The server-final message the server must send when it knows the password.</summary>
    public string ExpectedServerFinal() =>
        "v=" + Convert.ToBase64String(ScramFormulas.Hmac(mechanism, ScramFormulas.ServerKey(mechanism, _saltedPassword), Encoding.UTF8.GetBytes(_authMessage)));
}
