using System.Security.Cryptography;

namespace KafkaNet.Broker.Security.Scram;

/// <summary>
/// A SCRAM mechanism Kafka serves (RFC 5802 with RFC 7677's SHA-256, and SHA-512): its SASL name, the type code the
/// admin APIs and metadata records carry, its hash, and the iteration bounds Kafka accepts for credentials.
/// </summary>
public sealed class ScramMechanism
{
    /// <summary>The fewest iterations a credential may have, for both mechanisms.</summary>
    public const int MinIterations = 4096;

    /// <summary>The most iterations a credential may have, for both mechanisms.</summary>
    public const int MaxIterations = 16384;

    public static readonly ScramMechanism Sha256 = new("SCRAM-SHA-256", 1, HashAlgorithmName.SHA256, 32);

    public static readonly ScramMechanism Sha512 = new("SCRAM-SHA-512", 2, HashAlgorithmName.SHA512, 64);

    private ScramMechanism(string name, sbyte type, HashAlgorithmName hash, int hashLength)
    {
        Name = name;
        Type = type;
        Hash = hash;
        HashLength = hashLength;
    }

    public static IReadOnlyList<ScramMechanism> All { get; } = [Sha256, Sha512];

    /// <summary>"SCRAM-SHA-256" or "SCRAM-SHA-512".</summary>
    public string Name { get; }

    /// <summary>Kafka's code: 1 for SCRAM-SHA-256, 2 for SCRAM-SHA-512 (0 is UNKNOWN).</summary>
    public sbyte Type { get; }

    public HashAlgorithmName Hash { get; }

    /// <summary>Bytes in one hash, and so in a salted password, a stored key and a server key.</summary>
    public int HashLength { get; }

    public static ScramMechanism? FromName(string? name) => All.FirstOrDefault(m => m.Name == name);

    public static ScramMechanism? FromType(sbyte type) => All.FirstOrDefault(m => m.Type == type);

    public override string ToString() => Name;
}
