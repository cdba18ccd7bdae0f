using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace KafkaNet.Server.Tls;

/// <summary>The certificates TLS needs from a JKS or JCEKS file: a keystore's key and chain, a truststore's anchors.</summary>
internal static class JavaStoreCertificates
{
    private const string RsaOid = "1.2.840.113549.1.1.1";
    private const string RsaPssOid = "1.2.840.113549.1.1.10";
    private const string EcOid = "1.2.840.10045.2.1";
    private const string DsaOid = "1.2.840.10040.4.1";

    /// <summary>
    /// The first private key entry's certificate with its key, then the rest of its chain. The key is protected with
    /// <paramref name="keyPassword"/> when set (ssl.key.password), else with the store password, as Kafka reads it.
    /// </summary>
    /// <exception cref="CryptographicException">The store cannot be read or holds no usable private key entry.</exception>
    public static X509Certificate2Collection Keystore(byte[] data, string? storePassword, string? keyPassword)
    {
        if (storePassword is null)
        {
            throw new CryptographicException("a JKS keystore needs its password (ssl.keystore.password)");
        }
        var contents = JavaKeyStore.Read(data, storePassword);
        var entry = contents.PrivateKeys.FirstOrDefault()
            ?? throw new CryptographicException("no private key entry (a keystore needs the listener's certificate with its key)");
        if (entry.Chain.Count == 0)
        {
            throw new CryptographicException($"private key entry {entry.Alias} has no certificate");
        }
        byte[] pkcs8 = JavaKeyProtection.Recover(entry.ProtectedKey, keyPassword ?? storePassword);
        try
        {
            using var leaf = X509CertificateLoader.LoadCertificate(entry.Chain[0]);
            var chain = new X509Certificate2Collection(WithKey(leaf, pkcs8));
            chain.AddRange(entry.Chain.Skip(1).Select(der => X509CertificateLoader.LoadCertificate(der)).ToArray());
            return chain;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    /// <summary>
    /// The trusted certificate entries, and the certificate of each private key entry, as Java's trust managers take
    /// them. Without a password the integrity digest is not checked, as in Java.
    /// </summary>
    public static X509Certificate2Collection Truststore(byte[] data, string? password)
    {
        var contents = JavaKeyStore.Read(data, password);
        var certificates = new X509Certificate2Collection();
        foreach (var trusted in contents.TrustedCertificates)
        {
            certificates.Add(X509CertificateLoader.LoadCertificate(trusted.Certificate));
        }
        foreach (var key in contents.PrivateKeys.Where(k => k.Chain.Count > 0))
        {
            certificates.Add(X509CertificateLoader.LoadCertificate(key.Chain[0]));
        }
        return certificates;
    }

    private static X509Certificate2 WithKey(X509Certificate2 certificate, byte[] pkcs8)
    {
        switch (certificate.GetKeyAlgorithm())
        {
            case RsaOid or RsaPssOid:
                using (var rsa = RSA.Create())
                {
                    rsa.ImportPkcs8PrivateKey(pkcs8, out _);
                    return certificate.CopyWithPrivateKey(rsa);
                }
            case EcOid:
                using (var ecdsa = ECDsa.Create())
                {
                    ecdsa.ImportPkcs8PrivateKey(pkcs8, out _);
                    return certificate.CopyWithPrivateKey(ecdsa);
                }
            case DsaOid:
                using (var dsa = DSA.Create())
                {
                    dsa.ImportPkcs8PrivateKey(pkcs8, out _);
                    return certificate.CopyWithPrivateKey(dsa);
                }
            case var other:
                throw new CryptographicException($"the certificate's key algorithm {other} is not supported (RSA, EC and DSA are)");
        }
    }
}
