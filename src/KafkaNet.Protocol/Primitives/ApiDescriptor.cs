namespace KafkaNet.Protocol;

/// <summary>
/// What the spec says of one API key: its versions, where flexible encoding starts, and which
/// header versions frame it. The generated ApiTable holds one per key.
/// </summary>
public sealed record ApiDescriptor(
    short ApiKey,
    string Name,
    short LowestVersion,
    short HighestVersion,
    short FirstFlexibleVersion,
    bool LatestVersionUnstable,
    bool ServedByBroker,
    bool ServedByController)
{
    /// <summary>The ApiVersions key: its response header is always v0 so any client can read the answer.</summary>
    public const short ApiVersionsKey = 18;

    public bool IsSupported(short version) => version >= LowestVersion && version <= HighestVersion;

    public bool IsFlexible(short version) => FirstFlexibleVersion >= 0 && version >= FirstFlexibleVersion;

    /// <summary>Request header v2 for flexible versions, v1 otherwise.</summary>
    public short RequestHeaderVersion(short version) => IsFlexible(version) ? (short)2 : (short)1;

    /// <summary>Response header v1 for flexible versions, v0 otherwise, and always v0 for ApiVersions.</summary>
    public short ResponseHeaderVersion(short version) =>
        ApiKey != ApiVersionsKey && IsFlexible(version) ? (short)1 : (short)0;

    /// <summary>Builds an array indexed by API key.</summary>
    public static ApiDescriptor?[] Index(IReadOnlyList<ApiDescriptor> all)
    {
        ArgumentNullException.ThrowIfNull(all);
        int max = 0;
        foreach (var d in all)
        {
            max = Math.Max(max, d.ApiKey);
        }
        var byKey = new ApiDescriptor?[max + 1];
        foreach (var d in all)
        {
            byKey[d.ApiKey] = d;
        }
        return byKey;
    }
}
