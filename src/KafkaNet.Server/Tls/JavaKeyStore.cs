using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace KafkaNet.Server.Tls;

/// <summary>A private key entry of a Java keystore: the protected key as stored, and its certificate chain (DER).</summary>
internal sealed record JavaPrivateKeyEntry(string Alias, byte[] ProtectedKey, IReadOnlyList<byte[]> Chain);

/// <summary>A trusted certificate entry of a Java keystore (DER).</summary>
internal sealed record JavaTrustedCertificate(string Alias, byte[] Certificate);

/// <summary>What a Java keystore file holds, in file order.</summary>
internal sealed record JavaKeyStoreContents(IReadOnlyList<JavaPrivateKeyEntry> PrivateKeys, IReadOnlyList<JavaTrustedCertificate> TrustedCertificates);

/// <summary>
/// Reads Java's own keystore formats, JKS (magic 0xFEEDFEED) and JCEKS (0xCECECECE), versions 1 and 2: big-endian
/// counts and lengths, entries of a private key (protected key bytes and a certificate chain) or a trusted
/// certificate, each with an alias and a creation time, then a SHA-1 digest keyed with the store password. A file
/// that does not follow the format fails with a <see cref="CryptographicException"/> saying where; nothing is trusted
/// before the digest matches.
/// </summary>
internal static class JavaKeyStore
{
    public const uint JksMagic = 0xFEEDFEED;
    public const uint JceksMagic = 0xCECECECE;

    private const int PrivateKeyTag = 1;
    private const int TrustedCertificateTag = 2;
    private const int SecretKeyTag = 3;
    private const int DigestLength = 20;

    /// <summary>The text Java mixes into the integrity digest after the password.</summary>
    internal static ReadOnlySpan<byte> DigestWhitener => "Mighty Aphrodite"u8;

    /// <summary>Whether the bytes are a JKS or JCEKS file (by content, as Java 9+ tells its store types apart).</summary>
    public static bool IsJavaKeyStore(ReadOnlySpan<byte> data) =>
        data.Length >= 4 && BinaryPrimitives.ReadUInt32BigEndian(data) is JksMagic or JceksMagic;

    /// <summary>Reads the store; with a password its integrity digest must match, without one it is not checked (as Java).</summary>
    /// <exception cref="CryptographicException">Not a Java keystore, malformed, truncated, or the digest does not match.</exception>
    public static JavaKeyStoreContents Read(byte[] data, string? password)
    {
        ArgumentNullException.ThrowIfNull(data);
        var reader = new StoreReader(data);
        uint magic = reader.UInt32("magic number");
        if (magic is not (JksMagic or JceksMagic))
        {
            throw new CryptographicException("not a JKS or JCEKS keystore");
        }
        string format = magic == JksMagic ? "JKS" : "JCEKS";
        int version = reader.Int32("version");
        if (version is not (1 or 2))
        {
            throw new CryptographicException($"{format} version {version} is not supported (1 and 2 are)");
        }
        int count = reader.Int32("entry count");
        var keys = new List<JavaPrivateKeyEntry>();
        var trusted = new List<JavaTrustedCertificate>();
        for (int i = 0; i < count; i++)
        {
            int tag = reader.Int32("entry type");
            string alias = reader.Utf("alias");
            reader.Skip(8, "creation time");
            switch (tag)
            {
                case PrivateKeyTag:
                    byte[] key = reader.Bytes("protected key");
                    int chainLength = reader.Int32("certificate chain length");
                    var chain = new List<byte[]>();
                    for (int c = 0; c < chainLength; c++)
                    {
                        chain.Add(Certificate(reader, version));
                    }
                    keys.Add(new JavaPrivateKeyEntry(alias, key, chain));
                    break;
                case TrustedCertificateTag:
                    trusted.Add(new JavaTrustedCertificate(alias, Certificate(reader, version)));
                    break;
                case SecretKeyTag when magic == JceksMagic:
                    throw new CryptographicException($"entry {alias} is a secret key, which KafkaNet cannot read; keep only certificates and private keys in the store");
                default:
                    throw new CryptographicException($"entry {alias} has unknown type {tag}");
            }
        }
        int bodyLength = reader.Position;
        var digest = reader.Span(DigestLength, "integrity digest");
        if (password is not null && !CryptographicOperations.FixedTimeEquals(IntegrityDigest(data.AsSpan(0, bodyLength), password), digest))
        {
            throw new CryptographicException("wrong password, or the file was altered: its integrity digest does not match");
        }
        return new JavaKeyStoreContents(keys, trusted);
    }

    /// <summary>SHA-1 of the password (UTF-16 big-endian), the whitener text, then the store's bytes.</summary>
    internal static byte[] IntegrityDigest(ReadOnlySpan<byte> body, string password)
    {
        using var sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        sha1.AppendData(PasswordBytes(password));
        sha1.AppendData(DigestWhitener);
        sha1.AppendData(body);
        return sha1.GetHashAndReset();
    }

    /// <summary>A password as Java's key stores hash it: each UTF-16 code unit, high byte first.</summary>
    internal static byte[] PasswordBytes(string password) => Encoding.BigEndianUnicode.GetBytes(password);

    private static byte[] Certificate(StoreReader reader, int version)
    {
        // Version 1 stores hold X.509 certificates only and do not name the type.
        if (version == 2)
        {
            string type = reader.Utf("certificate type");
            if (type != "X.509")
            {
                throw new CryptographicException($"certificate type {type} is not supported (X.509 is)");
            }
        }
        return reader.Bytes("certificate");
    }

    /// <summary>Bounds-checked big-endian reads over the whole file.</summary>
    private sealed class StoreReader(byte[] data)
    {
        public int Position { get; private set; }

        public uint UInt32(string what) => BinaryPrimitives.ReadUInt32BigEndian(Span(4, what));

        public int Int32(string what)
        {
            int value = BinaryPrimitives.ReadInt32BigEndian(Span(4, what));
            return value >= 0 ? value : throw new CryptographicException($"the {what} is negative ({value})");
        }

        /// <summary>A string as Java's DataOutput.writeUTF writes it: a 16-bit length, then (modified) UTF-8.</summary>
        public string Utf(string what)
        {
            int length = BinaryPrimitives.ReadUInt16BigEndian(Span(2, what));
            return Encoding.UTF8.GetString(Span(length, what));
        }

        public byte[] Bytes(string what) => Span(Int32(what + " length"), what).ToArray();

        public void Skip(int length, string what) => Span(length, what);

        public ReadOnlySpan<byte> Span(int length, string what)
        {
            if (length > data.Length - Position)
            {
                throw new CryptographicException($"the file is truncated: it ends inside the {what} at byte {Position}");
            }
            var span = data.AsSpan(Position, length);
            Position += length;
            return span;
        }
    }
}
