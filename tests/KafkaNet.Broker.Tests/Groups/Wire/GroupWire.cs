using KafkaNet.Broker.Tests.Network;
using KafkaNet.Embedded;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Groups.Wire;

/// <summary>An embedded broker set up for group tests, and the raw group requests they send.</summary>
internal static class GroupWire
{
    public static Task<EmbeddedKafka> StartAsync(int initialDelayMs = 0, int minSessionTimeoutMs = 6000, int maxGroupSize = int.MaxValue) =>
        EmbeddedKafka.StartAsync(new EmbeddedKafkaOptions
        {
            Configure = o =>
            {
                o.Groups.GroupInitialRebalanceDelayMs = initialDelayMs;
                o.Groups.OffsetsTopicNumPartitions = 3;
                o.Groups.GroupMinSessionTimeoutMs = minSessionTimeoutMs;
                o.Groups.GroupMaxSize = maxGroupSize;
            },
        });

    /// <summary>
    /// FindCoordinator as a client sends it: again while the coordinator is not available (the first one asks for
    /// __consumer_offsets), then until the group's partition has loaded (DescribeGroups stops answering LOAD_IN_PROGRESS).
    /// </summary>
    public static async Task FindCoordinatorAsync(WireSession session, string groupId)
    {
        short error = -1;
        for (int attempt = 0; attempt < 400 && error != 0; attempt++)
        {
            if (attempt > 0)
            {
                await Task.Delay(25);
            }
            error = (await session.SendAsync<FindCoordinatorResponse>(FindCoordinatorRequest.ApiKey, 1,
                new FindCoordinatorRequest { Key = groupId, KeyType = 0 }, flexible: false)).ErrorCode;
            if (error == 0)
            {
                var described = await session.SendAsync<DescribeGroupsResponse>(DescribeGroupsRequest.ApiKey, 0,
                    new DescribeGroupsRequest { Groups = [groupId] }, flexible: false);
                error = described.Groups[0].ErrorCode;
            }
            Assert.True(error is 0 or 14 or 15 or 16, $"FindCoordinator answered error {error}");
        }
        Assert.Equal(0, error);
    }

    public static JoinGroupRequest Join(string groupId, string memberId = "", int sessionTimeoutMs = 10000, string? instanceId = null, params string[] protocols) => new()
    {
        GroupId = groupId,
        MemberId = memberId,
        SessionTimeoutMs = sessionTimeoutMs,
        RebalanceTimeoutMs = 10000,
        GroupInstanceId = instanceId,
        ProtocolType = "consumer",
        Protocols = (protocols.Length == 0 ? ["range"] : protocols)
            .Select(p => new JoinGroupRequest.JoinGroupRequestProtocol { Name = p, Metadata = new byte[] { 0, 1, (byte)p.Length } }).ToList(),
    };

    public static Task<JoinGroupResponse> JoinAsync(WireSession session, short version, JoinGroupRequest request) =>
        session.SendAsync<JoinGroupResponse>(JoinGroupRequest.ApiKey, version, request, flexible: version >= 6);

    public static Task<SyncGroupResponse> SyncAsync(WireSession session, short version, string groupId, string memberId, int generation,
        params (string MemberId, byte[] Assignment)[] assignments) =>
        session.SendAsync<SyncGroupResponse>(SyncGroupRequest.ApiKey, version, new SyncGroupRequest
        {
            GroupId = groupId,
            MemberId = memberId,
            GenerationId = generation,
            Assignments = assignments.Select(a => new SyncGroupRequest.SyncGroupRequestAssignment { MemberId = a.MemberId, Assignment = a.Assignment }).ToList(),
        }, flexible: version >= 4);

    public static Task<HeartbeatResponse> HeartbeatAsync(WireSession session, string groupId, string memberId, int generation) =>
        session.SendAsync<HeartbeatResponse>(HeartbeatRequest.ApiKey, 1,
            new HeartbeatRequest { GroupId = groupId, MemberId = memberId, GenerationId = generation }, flexible: false);

    /// <summary>The summed log end offsets of __consumer_offsets: unchanged means nothing was written.</summary>
    public static long OffsetsTopicEnd(EmbeddedKafka kafka)
    {
        long total = 0;
        for (int p = 0; p < 3; p++)
        {
            total += kafka.Broker.Replicas!.Find("__consumer_offsets", p)?.LogEndOffset ?? 0;
        }
        return total;
    }
}
