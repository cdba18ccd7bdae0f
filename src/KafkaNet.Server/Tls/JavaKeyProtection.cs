using System.Formats.Asn1;
using System.Security.Cryptography;

namespace KafkaNet.Server.Tls;

/// <summary>
/// Recovers a private key from a JKS private key entry. The entry holds a DER EncryptedPrivateKeyInfo whose algorithm
/// is Sun's own key protection (OID 1.3.6.1.4.1.42.2.17.1.1): the data is a 20-byte salt, the PKCS#8 key XORed with a
/// keystream of chained SHA-1 digests (the first of password and salt, each next of password and the previous
/// digest), then SHA-1 of password and PKCS#8 key, which tells a wrong password. JCEKS keys are handed to
/// <see cref="JceksKeyProtection"/>.
/// </summary>
internal static class JavaKeyProtection
{
    public const string SunKeyProtectionOid = "1.3.6.1.4.1.42.2.17.1.1";

    private const int SaltLength = 20;
    private const int CheckLength = 20;

    /// <summary>The PKCS#8 PrivateKeyInfo of the entry.</summary>
    /// <exception cref="CryptographicException">Malformed, another algorithm, or a wrong password.</exception>
    public static byte[] Recover(byte[] encryptedPrivateKeyInfo, string password)
    {
        ArgumentNullException.ThrowIfNull(encryptedPrivateKeyInfo);
        ArgumentNullException.ThrowIfNull(password);
        var (algorithm, parameters, protectedKey) = Parse(encryptedPrivateKeyInfo);
        if (algorithm == JceksKeyProtection.Oid)
        {
            return JceksKeyProtection.Recover(parameters, protectedKey, password);
        }
        if (algorithm != SunKeyProtectionOid)
        {
            throw new CryptographicException($"the private key is protected with algorithm {algorithm}, which KafkaNet does not read");
        }
        if (protectedKey.Length <= SaltLength + CheckLength)
        {
            throw new CryptographicException("the protected private key is too short");
        }
        byte[] passwordBytes = JavaKeyStore.PasswordBytes(password);
        var salt = protectedKey.AsSpan(0, SaltLength);
        var encrypted = protectedKey.AsSpan(SaltLength, protectedKey.Length - SaltLength - CheckLength);
        var check = protectedKey.AsSpan(protectedKey.Length - CheckLength);

        byte[] key = encrypted.ToArray();
        byte[] block = salt.ToArray();
        for (int offset = 0; offset < key.Length; offset += block.Length)
        {
            block = Sha1(passwordBytes, block);
            for (int i = 0; i < block.Length && offset + i < key.Length; i++)
            {
                key[offset + i] ^= block[i];
            }
        }
        if (!CryptographicOperations.FixedTimeEquals(Sha1(passwordBytes, key), check))
        {
            CryptographicOperations.ZeroMemory(key);
            throw new CryptographicException("the private key's password is wrong (set ssl.key.password when it differs from the store password)");
        }
        return key;
    }

    private static byte[] Sha1(byte[] password, ReadOnlySpan<byte> data)
    {
        using var sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        sha1.AppendData(password);
        sha1.AppendData(data);
        return sha1.GetHashAndReset();
    }

    /// <summary>EncryptedPrivateKeyInfo ::= SEQUENCE { AlgorithmIdentifier { OID, parameters }, OCTET STRING }.</summary>
    private static (string Algorithm, ReadOnlyMemory<byte> Parameters, byte[] Data) Parse(byte[] der)
    {
        try
        {
            var info = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
            var algorithm = info.ReadSequence();
            string oid = algorithm.ReadObjectIdentifier();
            var parameters = algorithm.HasData ? algorithm.ReadEncodedValue() : ReadOnlyMemory<byte>.Empty;
            byte[] data = info.ReadOctetString();
            return (oid, parameters, data);
        }
        catch (AsnContentException e)
        {
            throw new CryptographicException("the protected private key is not a DER EncryptedPrivateKeyInfo: " + e.Message, e);
        }
    }
}
