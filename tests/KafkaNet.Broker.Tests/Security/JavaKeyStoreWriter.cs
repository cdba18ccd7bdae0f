using System.Buffers.Binary;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace KafkaNet.Broker.Tests.Security;

/// <summary>
/// Writes JKS files (version 2) for tests, as keytool does: trusted certificate entries, private key entries protected
/// with Sun's key protection, and the keyed SHA-1 integrity digest. Written apart from the broker's reader (plain
/// byte arrays and one-shot hashes), so that a shared misreading of the format would not pass unnoticed.
/// </summary>
internal static class JavaKeyStoreWriter
{
    private const string KeyProtectionOid = "1.3.6.1.4.1.42.2.17.1.1";

    /// <summary>A JKS store with the certificate's key (protected with <paramref name="keyPassword"/>, else the store password) and chain.</summary>
    public static byte[] Keystore(string password, X509Certificate2 certificate, X509Certificate2[] chain, string? keyPassword = null)
    {
        var body = Header(1);
        Entry(body, 1, "server");
        Bytes(body, Protect(Pkcs8(certificate), keyPassword ?? password));
        Int32(body, 1 + chain.Length);
        foreach (var member in chain.Prepend(certificate))
        {
            Certificate(body, member);
        }
        return Sealed(body, password);
    }

    /// <summary>A JKS store of trusted certificates, aliased ca0, ca1...</summary>
    public static byte[] Truststore(string password, params X509Certificate2[] certificates)
    {
        var body = Header(certificates.Length);
        for (int i = 0; i < certificates.Length; i++)
        {
            Entry(body, 2, "ca" + i);
            Certificate(body, certificates[i]);
        }
        return Sealed(body, password);
    }

    /// <summary>SHA-1 of the password (two bytes a character, high first), "Mighty Aphrodite" and the body, appended.</summary>
    public static byte[] Sealed(List<byte> body, string password)
    {
        byte[] digest = SHA1.HashData([.. PasswordBytes(password), .. "Mighty Aphrodite"u8.ToArray(), .. body]);
        return [.. body, .. digest];
    }

    public static byte[] PasswordBytes(string password) => [.. password.SelectMany(c => new[] { (byte)(c >> 8), (byte)c })];

    private static List<byte> Header(int entries)
    {
        var body = new List<byte>();
        Int32(body, unchecked((int)0xFEEDFEED));
        Int32(body, 2);
        Int32(body, entries);
        return body;
    }

    private static void Entry(List<byte> body, int tag, string alias)
    {
        Int32(body, tag);
        Utf(body, alias);
        Span<byte> created = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(created, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        body.AddRange(created.ToArray());
    }

    private static void Certificate(List<byte> body, X509Certificate2 certificate)
    {
        Utf(body, "X.509");
        Bytes(body, certificate.RawData);
    }

    private static byte[] Pkcs8(X509Certificate2 certificate)
    {
        using AsymmetricAlgorithm key = (AsymmetricAlgorithm?)certificate.GetRSAPrivateKey() ?? certificate.GetECDsaPrivateKey()
            ?? throw new ArgumentException("the certificate has no RSA or EC private key");
        return key.ExportPkcs8PrivateKey();
    }

    /// <summary>Salt, key XOR chained SHA-1(password, previous) blocks, SHA-1(password, key); in an EncryptedPrivateKeyInfo.</summary>
    private static byte[] Protect(byte[] pkcs8, string password)
    {
        byte[] passwordBytes = PasswordBytes(password);
        byte[] salt = RandomNumberGenerator.GetBytes(20);
        var encrypted = new byte[pkcs8.Length];
        byte[] previous = salt;
        for (int i = 0; i < pkcs8.Length; i++)
        {
            if (i % 20 == 0)
            {
                previous = SHA1.HashData([.. passwordBytes, .. previous]);
            }
            encrypted[i] = (byte)(pkcs8[i] ^ previous[i % 20]);
        }
        byte[] check = SHA1.HashData([.. passwordBytes, .. pkcs8]);
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(KeyProtectionOid);
                writer.WriteNull();
            }
            writer.WriteOctetString([.. salt, .. encrypted, .. check]);
        }
        return writer.Encode();
    }

    private static void Int32(List<byte> body, int value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        body.AddRange(bytes.ToArray());
    }

    private static void Utf(List<byte> body, string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        body.Add((byte)(bytes.Length >> 8));
        body.Add((byte)bytes.Length);
        body.AddRange(bytes);
    }

    private static void Bytes(List<byte> body, byte[] bytes)
    {
        Int32(body, bytes.Length);
        body.AddRange(bytes);
    }
}
