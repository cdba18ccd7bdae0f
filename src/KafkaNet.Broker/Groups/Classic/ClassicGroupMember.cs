namespace KafkaNet.Broker.Groups.Classic;

/// <summary>
/// One member of a classic group. Its protocols' metadata and its assignment are opaque bytes owned
/// by this object (copied out of the request frame); they are never parsed to decide anything.
/// </summary>
public sealed class ClassicGroupMember
{
    public ClassicGroupMember(string memberId, string? groupInstanceId, string clientId, string clientHost,
        int rebalanceTimeoutMs, int sessionTimeoutMs, string protocolType, IReadOnlyList<(string Name, byte[] Metadata)> protocols)
    {
        MemberId = memberId;
        GroupInstanceId = groupInstanceId;
        ClientId = clientId;
        ClientHost = clientHost;
        RebalanceTimeoutMs = rebalanceTimeoutMs;
        SessionTimeoutMs = sessionTimeoutMs;
        ProtocolType = protocolType;
        Protocols = protocols;
    }

    public string MemberId { get; set; }

    public string? GroupInstanceId { get; }

    public string ClientId { get; set; }

    public string ClientHost { get; set; }

    public int RebalanceTimeoutMs { get; set; }

    public int SessionTimeoutMs { get; set; }

    public string ProtocolType { get; }

    /// <summary>The protocols the member supports, most preferred first, with its metadata for each.</summary>
    public IReadOnlyList<(string Name, byte[] Metadata)> Protocols { get; set; }

    public byte[] Assignment { get; set; } = [];

    /// <summary>Completed when the join phase ends; set while the member waits in JoinGroup.</summary>
    public TaskCompletionSource<JoinGroupResult>? AwaitingJoin { get; set; }

    /// <summary>Completed when the leader's assignment arrives; set while the member waits in SyncGroup.</summary>
    public TaskCompletionSource<SyncGroupResult>? AwaitingSync { get; set; }

    /// <summary>When the session expires unless a heartbeat (or join or sync) arrives, in milliseconds.</summary>
    public long HeartbeatDeadlineMs { get; set; }

    /// <summary>Joined the current generation but has not sent SyncGroup yet.</summary>
    public bool PendingSync { get; set; }

    public bool IsStatic => GroupInstanceId is not null;

    public byte[]? MetadataFor(string protocol)
    {
        foreach (var (name, metadata) in Protocols)
        {
            if (name == protocol)
            {
                return metadata;
            }
        }
        return null;
    }

    /// <summary>The same protocols with the same metadata, in the same order.</summary>
    public bool HasSameProtocols(IReadOnlyList<(string Name, byte[] Metadata)> protocols)
    {
        if (protocols.Count != Protocols.Count)
        {
            return false;
        }
        for (int i = 0; i < protocols.Count; i++)
        {
            if (protocols[i].Name != Protocols[i].Name || !protocols[i].Metadata.AsSpan().SequenceEqual(Protocols[i].Metadata))
            {
                return false;
            }
        }
        return true;
    }
}
