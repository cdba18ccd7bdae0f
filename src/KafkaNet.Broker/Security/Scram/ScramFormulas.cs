using System.Security.Cryptography;
using System.Text;

namespace KafkaNet.Broker.Security.Scram;

/// <summary>The computations of RFC 5802 section 3 for one mechanism's hash.</summary>
public static class ScramFormulas
{
    private static readonly byte[] ClientKeyLabel = "Client Key"u8.ToArray();
    private static readonly byte[] ServerKeyLabel = "Server Key"u8.ToArray();

    /// <summary>Hi(password, salt, i): PBKDF2 with the mechanism's HMAC, one block long.</summary>
    public static byte[] SaltedPassword(ScramMechanism mechanism, string password, byte[] salt, int iterations)
    {
        ArgumentNullException.ThrowIfNull(mechanism);
        return Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, mechanism.Hash, mechanism.HashLength);
    }

    public static byte[] Hmac(ScramMechanism mechanism, byte[] key, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(mechanism);
        return mechanism.Hash == HashAlgorithmName.SHA512 ? HMACSHA512.HashData(key, data) : HMACSHA256.HashData(key, data);
    }

    public static byte[] Hash(ScramMechanism mechanism, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(mechanism);
        return mechanism.Hash == HashAlgorithmName.SHA512 ? SHA512.HashData(data) : SHA256.HashData(data);
    }

    public static byte[] ClientKey(ScramMechanism mechanism, byte[] saltedPassword) => Hmac(mechanism, saltedPassword, ClientKeyLabel);

    public static byte[] ServerKey(ScramMechanism mechanism, byte[] saltedPassword) => Hmac(mechanism, saltedPassword, ServerKeyLabel);

    /// <summary>The credential the broker stores for a salted password (the controller's part of AlterUserScramCredentials).</summary>
    public static ScramCredential FromSaltedPassword(ScramMechanism mechanism, byte[] salt, byte[] saltedPassword, int iterations) =>
        new(salt, Hash(mechanism, ClientKey(mechanism, saltedPassword)), ServerKey(mechanism, saltedPassword), iterations);

    /// <summary>The credential for a password, with a fresh random salt.</summary>
    public static ScramCredential FromPassword(ScramMechanism mechanism, string password, int iterations)
    {
        byte[] salt = RandomNumberGenerator.GetBytes(32);
        return FromSaltedPassword(mechanism, salt, SaltedPassword(mechanism, password, salt, iterations), iterations);
    }

    public static byte[] Xor(byte[] left, byte[] right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        var result = new byte[left.Length];
        for (int i = 0; i < left.Length; i++)
        {
            result[i] = (byte)(left[i] ^ right[i]);
        }
        return result;
    }
}
