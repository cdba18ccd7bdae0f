using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using KafkaNet.Server.Configuration;
using KafkaNet.Server.Tls;

namespace KafkaNet.Broker.Tests.Security;

/// <summary>
/// JKS (and JCEKS) keystores and truststores as listeners load them: files keytool made, a store built by hand from
/// the format, stores the test writer makes, and every way a file can be wrong, each a configuration error.
/// </summary>
public sealed class JavaKeyStoreTests : IDisposable
{
    private const string Password = "changeit";
    private const string Tampered = "wrong password, or the file was altered: its integrity digest does not match";
    private readonly string _directory = Directory.CreateTempSubdirectory("kafkanet-jks-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_keytool_jks_keystore_gives_its_certificate_with_the_private_key()
    {
        var keystore = LoadKeystore(KeytoolStores.Keystore, Password);

        var certificate = Assert.Single(keystore);
        Assert.Equal("CN=jks-fixture", certificate.Subject);
        Assert.Equal(Convert.FromBase64String(KeytoolStores.Certificate), certificate.RawData);
        using var privateKey = certificate.GetECDsaPrivateKey()!;
        using var publicKey = certificate.GetECDsaPublicKey()!;
        byte[] signature = privateKey.SignData("kafka"u8, HashAlgorithmName.SHA256);
        Assert.True(publicKey.VerifyData("kafka"u8, signature, HashAlgorithmName.SHA256));
    }

    [Fact]
    public void A_key_with_its_own_password_needs_ssl_key_password()
    {
        Assert.Equal("CN=jks-keypass", Assert.Single(LoadKeystore(KeytoolStores.KeyPassKeystore, Password, keyPassword: "key-secret")).Subject);

        var e = Assert.Throws<ConfigException>(() => LoadKeystore(KeytoolStores.KeyPassKeystore, Password));
        Assert.EndsWith("the keystore cannot be read: the private key's password is wrong (set ssl.key.password when it differs from the store password)", e.Message);
        Assert.Equal("ssl.keystore.location", e.PropertyName);
    }

    [Fact]
    public void A_keytool_jks_truststore_gives_its_certificate_with_or_without_the_password()
    {
        byte[] expected = Convert.FromBase64String(KeytoolStores.Certificate);

        Assert.Equal(expected, Assert.Single(LoadTruststore(KeytoolStores.Truststore, Password)).RawData);
        // Java checks a store's integrity only when given its password; so does KafkaNet.
        Assert.Equal(expected, Assert.Single(LoadTruststore(KeytoolStores.Truststore, password: null)).RawData);
    }

    [Fact]
    public void A_truststore_built_by_hand_from_the_format_is_keytools_byte_for_byte()
    {
        byte[] certificate = Convert.FromBase64String(KeytoolStores.Certificate);
        byte[] body = Concat(
            Convert.FromHexString("FEEDFEED" + "00000002" + "00000001"), // magic, version 2, one entry
            Convert.FromHexString("00000002" + "0002"), Encoding.ASCII.GetBytes("ca"), // a trusted certificate, alias "ca"
            Convert.FromHexString(KeytoolStores.TruststoreEntryTime),
            Convert.FromHexString("0005"), Encoding.ASCII.GetBytes("X.509"),
            BigEndian(certificate.Length), certificate);
        // The digest by another road than the reader's: one SHA-1 over one array, the password as UTF-16BE text.
        byte[] digest = SHA1.HashData(Concat(Encoding.BigEndianUnicode.GetBytes(Password), Encoding.ASCII.GetBytes("Mighty Aphrodite"), body));
        byte[] store = Concat(body, digest);

        Assert.Equal(Convert.FromBase64String(KeytoolStores.Truststore), store);
        Assert.Equal(certificate, Assert.Single(LoadTruststore(Convert.ToBase64String(store), Password)).RawData);
    }

    [Fact]
    public void A_wrong_password_is_refused_naming_the_setting()
    {
        var keystore = Assert.Throws<ConfigException>(() => LoadKeystore(KeytoolStores.Keystore, "changeme"));
        var truststore = Assert.Throws<ConfigException>(() => LoadTruststore(KeytoolStores.Truststore, "changeme"));

        Assert.Equal($"Invalid value {Path.Combine(_directory, "store")} for configuration ssl.keystore.location: the keystore cannot be read: {Tampered}", keystore.Message);
        Assert.Equal($"Invalid value {Path.Combine(_directory, "store")} for configuration ssl.truststore.location: the truststore cannot be read: {Tampered}", truststore.Message);
    }

    [Fact]
    public void A_corrupted_digest_or_body_is_refused()
    {
        byte[] store = Convert.FromBase64String(KeytoolStores.Truststore);
        byte[] badDigest = (byte[])store.Clone();
        badDigest[^1] ^= 1;
        byte[] badCertificate = (byte[])store.Clone();
        badCertificate[100] ^= 1;

        Assert.EndsWith(Tampered, Assert.Throws<ConfigException>(() => LoadTruststore(Convert.ToBase64String(badDigest), Password)).Message);
        Assert.EndsWith(Tampered, Assert.Throws<ConfigException>(() => LoadTruststore(Convert.ToBase64String(badCertificate), Password)).Message);
        Assert.EndsWith(Tampered, Assert.Throws<ConfigException>(() => LoadKeystore(Convert.ToBase64String(badCertificate), Password)).Message);
    }

    [Fact]
    public void Every_truncation_of_a_keystore_is_a_configuration_error()
    {
        byte[] store = Convert.FromBase64String(KeytoolStores.Keystore);
        var messages = new HashSet<string>();
        for (int length = 0; length < store.Length; length++)
        {
            var e = Assert.Throws<ConfigException>(() => LoadKeystore(Convert.ToBase64String(store.AsSpan(0, length)), Password));
            messages.Add(e.Message[(e.Message.IndexOf(": ", StringComparison.Ordinal) + 2)..]);
        }

        Assert.Contains("the keystore cannot be read: the file is truncated: it ends inside the integrity digest at byte 507", messages);
        Assert.Contains("the keystore cannot be read: the file is truncated: it ends inside the certificate at byte 178", messages);
    }

    [Theory]
    [InlineData("FEEDFEED00000007", "JKS version 7 is not supported (1 and 2 are)")]
    [InlineData("FEEDFEED000000027FFFFFFF", "the file is truncated: it ends inside the entry type at byte 12")]
    [InlineData("FEEDFEED00000002FFFFFFFF", "the entry count is negative (-1)")]
    [InlineData("FEEDFEED000000020000000100000009000161000000000000000000", "entry a has unknown type 9")]
    [InlineData("FEEDFEED00000002000000010000000100016100000000000000007FFFFFFF", "the file is truncated: it ends inside the protected key at byte 31")]
    [InlineData("CECECECE000000020000000100000003000161000000000000000000", "entry a is a secret key, which KafkaNet cannot read; keep only certificates and private keys in the store")]
    public void Malformed_stores_are_refused_saying_why(string hex, string reason)
    {
        var e = Assert.Throws<ConfigException>(() => LoadTruststore(Convert.ToBase64String(Convert.FromHexString(hex)), Password));

        Assert.EndsWith("the truststore cannot be read: " + reason, e.Message);
    }

    [Fact]
    public void Garbage_is_a_configuration_error()
    {
        var random = new Random(848);
        for (int i = 0; i < 50; i++)
        {
            byte[] garbage = new byte[random.Next(1, 600)];
            random.NextBytes(garbage);
            if (i % 2 == 0 && garbage.Length >= 4)
            {
                // Half of them get past the magic number into the reader.
                BinaryPrimitives.WriteUInt32BigEndian(garbage, JavaKeyStore.JksMagic);
            }
            Assert.Throws<ConfigException>(() => LoadKeystore(Convert.ToBase64String(garbage), Password));
            Assert.Throws<ConfigException>(() => LoadTruststore(Convert.ToBase64String(garbage), Password));
        }
    }

    [Fact]
    public void Jceks_stores_are_read_keys_protected_with_pbe_md5_triple_des_included()
    {
        Assert.Equal(Convert.FromBase64String(KeytoolStores.Certificate), Assert.Single(LoadTruststore(KeytoolStores.JceksTruststore, Password)).RawData);

        var certificate = Assert.Single(LoadKeystore(KeytoolStores.JceksKeystore, Password));
        Assert.Equal("CN=jceks-fixture", certificate.Subject);
        using var privateKey = certificate.GetECDsaPrivateKey()!;
        using var publicKey = certificate.GetECDsaPublicKey()!;
        Assert.True(publicKey.VerifyData("kafka"u8, privateKey.SignData("kafka"u8, HashAlgorithmName.SHA256), HashAlgorithmName.SHA256));

        var e = Assert.Throws<ConfigException>(() => LoadKeystore(KeytoolStores.JceksKeystore, Password, keyPassword: "not-the-key-password"));
        Assert.EndsWith("the private key's password is wrong (set ssl.key.password when it differs from the store password)", e.Message);
    }

    /// <summary>Vectors from Java's own PBEWithMD5AndTripleDES cipher: password changeit, 1000 iterations, plaintext 3003020105.</summary>
    [Theory]
    [InlineData("E8B20CF8D854B52E", "6DF5797EAE62B4B6")]
    [InlineData("0102030401020304", "6422EA5A375E5B10")] // equal salt halves, which Java alters before use
    public void Jceks_key_protection_matches_javas_cipher(string salt, string encrypted)
    {
        var parameters = new System.Formats.Asn1.AsnWriter(System.Formats.Asn1.AsnEncodingRules.DER);
        using (parameters.PushSequence())
        {
            parameters.WriteOctetString(Convert.FromHexString(salt));
            parameters.WriteInteger(1000);
        }

        byte[] recovered = JceksKeyProtection.Recover(parameters.Encode(), Convert.FromHexString(encrypted), Password);

        Assert.Equal("3003020105", Convert.ToHexString(recovered));
    }

    [Theory]
    [InlineData("JKS")]
    [InlineData("PKCS12")]
    public void Either_type_reads_either_file_as_java_does(string type)
    {
        Assert.Equal("CN=p12-fixture", Assert.Single(LoadKeystore(KeytoolStores.Pkcs12Keystore, Password, type: type), c => c.HasPrivateKey).Subject);
        Assert.Equal("CN=jks-fixture", Assert.Single(LoadKeystore(KeytoolStores.Keystore, Password, type: type)).Subject);
    }

    [Fact]
    public void The_test_writers_stores_load_with_the_whole_chain()
    {
        using var authority = TestCertificates.CreateAuthority("jks-ca");
        using var server = TestCertificates.IssueServer(authority);

        var keystore = LoadKeystore(Convert.ToBase64String(JavaKeyStoreWriter.Keystore(Password, server, [authority])), Password);
        var truststore = LoadTruststore(Convert.ToBase64String(JavaKeyStoreWriter.Truststore(Password, authority)), Password);

        Assert.Equal([server.Thumbprint, authority.Thumbprint], keystore.Select(c => c.Thumbprint));
        Assert.True(keystore[0].HasPrivateKey);
        Assert.Equal(authority.Thumbprint, Assert.Single(truststore).Thumbprint);
    }

    private X509Certificate2Collection LoadKeystore(string base64, string? password, string? keyPassword = null, string type = StoreSource.Jks) =>
        TlsStores.LoadKeystore(new TlsListenerSettings
        {
            ListenerName = "SSL",
            Keystore = new StoreSource(type, Write(base64), password, null, "ssl.keystore.location"),
            KeyPassword = keyPassword,
        });

    private X509Certificate2Collection LoadTruststore(string base64, string? password) =>
        TlsStores.LoadTruststore(new StoreSource(StoreSource.Jks, Write(base64), password, null, "ssl.truststore.location"));

    private string Write(string base64)
    {
        string path = Path.Combine(_directory, "store");
        File.WriteAllBytes(path, Convert.FromBase64String(base64));
        return path;
    }

    private static byte[] BigEndian(int value)
    {
        byte[] bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        return bytes;
    }

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
