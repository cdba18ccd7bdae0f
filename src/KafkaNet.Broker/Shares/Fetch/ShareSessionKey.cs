namespace KafkaNet.Broker.Shares.Fetch;

/// <summary>A share session is one member's, in one group: at most one per (group id, member id) on a broker.</summary>
public readonly record struct ShareSessionKey(string GroupId, string MemberId);
