using System.Formats.Asn1;
using System.Security.Cryptography;

namespace KafkaNet.Server.Tls;

/// <summary>
/// Recovers a private key from a JCEKS private key entry, protected with Sun's PBEWithMD5AndTripleDES
/// (OID 1.3.6.1.4.1.42.2.19.1, parameters an 8-byte salt and an iteration count). Each half of the salt is hashed
/// with the password, MD5 over (previous digest, password) as many times as the count says; the first digest and 8
/// bytes of the second are the triple-DES key, the second's last 8 bytes the CBC IV of the PKCS#8 key's encryption.
/// </summary>
internal static class JceksKeyProtection
{
    public const string Oid = "1.3.6.1.4.1.42.2.19.1";

    // Java refuses more than this many iterations too; it bounds the work a hostile file can ask for.
    private const int MaxIterations = 5_000_000;

    /// <summary>The PKCS#8 PrivateKeyInfo.</summary>
    /// <param name="parameters">The DER PBEParameter: SEQUENCE { salt OCTET STRING, iterationCount INTEGER }.</param>
    /// <exception cref="CryptographicException">Malformed parameters, a non-ASCII password, or a wrong password.</exception>
    public static byte[] Recover(ReadOnlyMemory<byte> parameters, byte[] encrypted, string password)
    {
        var (salt, iterations) = ReadParameters(parameters);
        if (password.Any(c => c > 0x7E || c < 0x20))
        {
            throw new CryptographicException("a JCEKS key's password must be printable ASCII");
        }
        byte[] passwordBytes = [.. password.Select(c => (byte)c)];
        if (salt.AsSpan(0, 4).SequenceEqual(salt.AsSpan(4, 4)))
        {
            // Java makes equal halves differ by reversing the first.
            salt = [salt[3], salt[2], salt[1], salt[0], .. salt[4..]];
        }
        byte[] first = Derive(salt[..4], passwordBytes, iterations);
        byte[] second = Derive(salt[4..], passwordBytes, iterations);
        using var des = TripleDES.Create();
        des.Key = [.. first, .. second[..8]];
        byte[] key;
        try
        {
            key = des.DecryptCbc(encrypted, second[8..], PaddingMode.PKCS7);
        }
        catch (CryptographicException e)
        {
            throw WrongPassword(e);
        }
        // A wrong password can still end in valid padding; a PKCS#8 key is one DER sequence.
        if (!IsOneSequence(key))
        {
            CryptographicOperations.ZeroMemory(key);
            throw WrongPassword(null);
        }
        return key;
    }

    private static byte[] Derive(byte[] half, byte[] password, int iterations)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        byte[] digest = new byte[16];
        half.CopyTo(digest, 0);
        int length = half.Length;
        for (int i = 0; i < iterations; i++)
        {
            md5.AppendData(digest, 0, length);
            md5.AppendData(password);
            md5.GetHashAndReset(digest);
            length = digest.Length;
        }
        return digest;
    }

    private static (byte[] Salt, int Iterations) ReadParameters(ReadOnlyMemory<byte> parameters)
    {
        try
        {
            var sequence = new AsnReader(parameters, AsnEncodingRules.DER).ReadSequence();
            byte[] salt = sequence.ReadOctetString();
            if (!sequence.TryReadInt32(out int iterations) || salt.Length != 8 || iterations < 1 || iterations > MaxIterations)
            {
                throw new CryptographicException("the JCEKS key's PBE parameters are out of range");
            }
            return (salt, iterations);
        }
        catch (AsnContentException e)
        {
            throw new CryptographicException("the JCEKS key's PBE parameters are malformed: " + e.Message, e);
        }
    }

    private static bool IsOneSequence(byte[] der)
    {
        try
        {
            var reader = new AsnReader(der, AsnEncodingRules.DER);
            reader.ReadSequence();
            return !reader.HasData;
        }
        catch (AsnContentException)
        {
            return false;
        }
    }

    private static CryptographicException WrongPassword(Exception? inner) =>
        new("the private key's password is wrong (set ssl.key.password when it differs from the store password)", inner);
}
