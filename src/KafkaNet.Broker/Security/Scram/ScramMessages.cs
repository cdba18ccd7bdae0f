using System.Text;

namespace KafkaNet.Broker.Security.Scram;

/// <summary>
/// The client-first message (RFC 5802 section 7): gs2-header "n," [ "a=" authzid ] "," then the bare part
/// "n=" user ",r=" nonce and any extensions. Only "n" is accepted as channel binding flag, as Kafka serves no binding.
/// </summary>
public sealed record ScramClientFirst(string UserName, string AuthorizationId, string Nonce, string Gs2Header, string Bare, IReadOnlyDictionary<string, string> Extensions)
{
    public static ScramClientFirst? Parse(ReadOnlySpan<byte> message)
    {
        if (!ScramText.TryDecode(message, out string text) || !text.StartsWith("n,", StringComparison.Ordinal))
        {
            return null;
        }
        int headerEnd = text.IndexOf(',', 2);
        if (headerEnd < 0)
        {
            return null;
        }
        string authzPart = text[2..headerEnd];
        string? authorizationId = authzPart.Length == 0 ? "" : authzPart.StartsWith("a=", StringComparison.Ordinal) ? ScramText.DecodeName(authzPart[2..]) : null;
        string bare = text[(headerEnd + 1)..];
        string[] parts = bare.Split(',');
        if (authorizationId is null || parts.Length < 2 || !parts[0].StartsWith("n=", StringComparison.Ordinal) || !parts[1].StartsWith("r=", StringComparison.Ordinal))
        {
            return null;
        }
        string? userName = ScramText.DecodeName(parts[0][2..]);
        string nonce = parts[1][2..];
        var extensions = ScramText.ParseExtensions(parts.AsSpan(2));
        if (string.IsNullOrEmpty(userName) || !ScramText.IsPrintable(nonce) || extensions is null)
        {
            return null;
        }
        return new ScramClientFirst(userName, authorizationId, nonce, text[..(headerEnd + 1)], bare, extensions);
    }
}

/// <summary>
/// The client-final message: "c=" base64(gs2-header) ",r=" nonce [extensions] ",p=" base64(proof). The part before
/// ",p=" enters the AuthMessage both sides sign.
/// </summary>
public sealed record ScramClientFinal(string ChannelBinding, string Nonce, string WithoutProof, byte[] Proof)
{
    public static ScramClientFinal? Parse(ReadOnlySpan<byte> message)
    {
        if (!ScramText.TryDecode(message, out string text))
        {
            return null;
        }
        int proofAt = text.LastIndexOf(",p=", StringComparison.Ordinal);
        if (proofAt < 0)
        {
            return null;
        }
        string withoutProof = text[..proofAt];
        string[] parts = withoutProof.Split(',');
        if (parts.Length < 2 || !parts[0].StartsWith("c=", StringComparison.Ordinal) || !parts[1].StartsWith("r=", StringComparison.Ordinal)
            || ScramText.ParseExtensions(parts.AsSpan(2)) is null)
        {
            return null;
        }
        byte[] proof;
        try
        {
            proof = Convert.FromBase64String(text[(proofAt + 3)..]);
        }
        catch (FormatException)
        {
            return null;
        }
        return new ScramClientFinal(parts[0][2..], parts[1][2..], withoutProof, proof);
    }
}

/// <summary>The text rules the SCRAM messages share.</summary>
internal static class ScramText
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    public static bool TryDecode(ReadOnlySpan<byte> message, out string text)
    {
        try
        {
            text = StrictUtf8.GetString(message);
            return !text.Contains('\0', StringComparison.Ordinal);
        }
        catch (DecoderFallbackException)
        {
            text = "";
            return false;
        }
    }

    /// <summary>A saslname with "=2C" and "=3D" turned back into "," and "="; null when another "=" escape appears.</summary>
    public static string? DecodeName(string saslName)
    {
        var decoded = new StringBuilder(saslName.Length);
        for (int i = 0; i < saslName.Length; i++)
        {
            if (saslName[i] != '=')
            {
                decoded.Append(saslName[i]);
                continue;
            }
            string escape = saslName.Length >= i + 3 ? saslName.Substring(i + 1, 2) : "";
            if (escape is not ("2C" or "3D"))
            {
                return null;
            }
            decoded.Append(escape == "2C" ? ',' : '=');
            i += 2;
        }
        return decoded.ToString();
    }

    /// <summary>Printable ASCII except ",", at least one character (RFC 5802's nonce alphabet).</summary>
    public static bool IsPrintable(string value) => value.Length > 0 && value.All(c => c is >= '!' and <= '~' && c != ',');

    /// <summary>"key=value" items; null when one has no "=" or an empty key.</summary>
    public static Dictionary<string, string>? ParseExtensions(ReadOnlySpan<string> items)
    {
        var extensions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string item in items)
        {
            int equals = item.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return null;
            }
            extensions[item[..equals]] = item[(equals + 1)..];
        }
        return extensions;
    }
}
