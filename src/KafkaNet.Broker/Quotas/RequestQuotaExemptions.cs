namespace KafkaNet.Broker.Quotas;

/// <summary>
/// The requests request_percentage does not count, as Kafka exempts them: what brokers and controllers send each
/// other (cluster actions), and what a client needs before it can be measured (ApiVersions, SASL).
/// </summary>
internal static class RequestQuotaExemptions
{
    private static readonly bool[] Exempt = Build(
        4, 5, 6, 7, // LeaderAndIsr, StopReplica, UpdateMetadata, ControlledShutdown
        17, 18, 36, // SaslHandshake, ApiVersions, SaslAuthenticate
        27, // WriteTxnMarkers
        52, 53, 54, 56, 58, 59, // Vote, BeginQuorumEpoch, EndQuorumEpoch, AlterPartition, Envelope, FetchSnapshot
        62, 63, 67, // BrokerRegistration, BrokerHeartbeat, AllocateProducerIds
        80, 81, 82); // AddRaftVoter, RemoveRaftVoter, UpdateRaftVoter

    public static bool IsExempt(short apiKey) => (uint)apiKey < (uint)Exempt.Length && Exempt[apiKey];

    private static bool[] Build(params short[] keys)
    {
        var exempt = new bool[128];
        foreach (short key in keys)
        {
            exempt[key] = true;
        }
        return exempt;
    }
}
