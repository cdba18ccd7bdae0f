namespace KafkaNet.Broker.Tests.EveryVersion;

/// <summary>
/// One probe per API key the broker serves. Each area of the protocol contributes its probes in
/// its own file; an API served without a probe fails <see cref="EveryAdvertisedVersionTests"/>.
/// </summary>
internal static partial class VersionProbes
{
    public static IReadOnlyDictionary<short, VersionProbe> All { get; } = Build();

    private static Dictionary<short, VersionProbe> Build()
    {
        var probes = new Dictionary<short, VersionProbe>();
        AddRecordProbes(probes);
        AddAdminProbes(probes);
        AddGroupProbes(probes);
        AddTransactionProbes(probes);
        AddSaslProbes(probes);
        AddQuotaProbes(probes);
        AddAclProbes(probes);
        AddShareProbes(probes);
        return probes;
    }

    /// <summary>Produce, Fetch, ListOffsets, Metadata, OffsetForLeaderEpoch, DeleteRecords, ApiVersions.</summary>
    static partial void AddRecordProbes(Dictionary<short, VersionProbe> probes);

    /// <summary>Topic and config administration, log dirs, cluster and topic-partition descriptions.</summary>
    static partial void AddAdminProbes(Dictionary<short, VersionProbe> probes);

    /// <summary>Classic and KIP-848 consumer groups and their committed offsets.</summary>
    static partial void AddGroupProbes(Dictionary<short, VersionProbe> probes);

    /// <summary>Idempotent and transactional producers.</summary>
    static partial void AddTransactionProbes(Dictionary<short, VersionProbe> probes);

    /// <summary>SaslHandshake and SaslAuthenticate.</summary>
    static partial void AddSaslProbes(Dictionary<short, VersionProbe> probes);

    /// <summary>DescribeClientQuotas and AlterClientQuotas.</summary>
    static partial void AddQuotaProbes(Dictionary<short, VersionProbe> probes);

    /// <summary>CreateAcls, DescribeAcls and DeleteAcls.</summary>
    static partial void AddAclProbes(Dictionary<short, VersionProbe> probes);

    /// <summary>Share groups, the share coordinator's RPCs and the share-group offset APIs.</summary>
    static partial void AddShareProbes(Dictionary<short, VersionProbe> probes);
}
