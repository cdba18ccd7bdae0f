using System.Buffers.Binary;
using System.Diagnostics;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Benchmarks.Groups;

/// <summary>
/// One classic-protocol member on its own connection: JoinGroup v5, SyncGroup v3, Heartbeat v3, LeaveGroup v3.
/// Metadata and assignments are a few opaque bytes, as the broker never reads them.
/// </summary>
internal sealed class ClassicMember(BenchConnection connection, string groupId)
{
    private const short JoinVersion = 5;
    private const short SyncVersion = 3;
    private const short HeartbeatVersion = 3;
    private const short LeaveVersion = 3;
    private const int TimeoutMs = 30000;

    public BenchConnection Connection => connection;

    public string MemberId { get; private set; } = "";

    /// <summary>Requests this member has sent.</summary>
    public long Requests { get; private set; }

    /// <summary>When the last JoinGroup left this client.</summary>
    public long JoinSentTicks { get; private set; }

    /// <summary>When the last SyncGroup answer arrived.</summary>
    public long SyncAnsweredTicks { get; private set; }

    /// <summary>KIP-394: the first JoinGroup is refused with MEMBER_ID_REQUIRED and the id to join with.</summary>
    public async Task ObtainIdAsync(CancellationToken cancellationToken)
    {
        MemberId = "";
        var answer = await JoinAsync(0, cancellationToken).ConfigureAwait(false);
        if (answer.ErrorCode != (short)ErrorCode.MemberIdRequired)
        {
            throw new InvalidOperationException($"first JoinGroup: error {answer.ErrorCode}, expected MEMBER_ID_REQUIRED");
        }
        MemberId = answer.MemberId;
    }

    /// <summary>Joins with metadata carrying <paramref name="round"/>, so each round's metadata differs from the last.</summary>
    public async Task<JoinGroupResponse> JoinAsync(int round, CancellationToken cancellationToken)
    {
        var metadata = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(metadata, round);
        var request = new JoinGroupRequest
        {
            GroupId = groupId,
            MemberId = MemberId,
            SessionTimeoutMs = TimeoutMs,
            RebalanceTimeoutMs = TimeoutMs,
            ProtocolType = "consumer",
            Protocols = [new JoinGroupRequest.JoinGroupRequestProtocol { Name = "range", Metadata = metadata }],
        };
        await connection.SendAsync(JoinGroupRequest.ApiKey, JoinVersion, request, cancellationToken).ConfigureAwait(false);
        Requests++;
        JoinSentTicks = Stopwatch.GetTimestamp();
        return await connection.ReceiveAsync<JoinGroupResponse>(JoinGroupRequest.ApiKey, JoinVersion, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Syncs the generation <paramref name="join"/> answered; the leader hands every member a four-byte assignment.</summary>
    public async Task<SyncGroupResponse> SyncAsync(JoinGroupResponse join, CancellationToken cancellationToken)
    {
        var request = new SyncGroupRequest { GroupId = groupId, MemberId = MemberId, GenerationId = join.GenerationId };
        if (join.Leader == MemberId)
        {
            for (int i = 0; i < join.Members.Count; i++)
            {
                var assignment = new byte[4];
                BinaryPrimitives.WriteInt32BigEndian(assignment, i);
                request.Assignments.Add(new SyncGroupRequest.SyncGroupRequestAssignment { MemberId = join.Members[i].MemberId, Assignment = assignment });
            }
        }
        Requests++;
        var answer = await connection.RequestAsync<SyncGroupResponse>(SyncGroupRequest.ApiKey, SyncVersion, request, cancellationToken).ConfigureAwait(false);
        SyncAnsweredTicks = Stopwatch.GetTimestamp();
        return answer;
    }

    public async Task<short> HeartbeatAsync(int generation, CancellationToken cancellationToken)
    {
        var request = new HeartbeatRequest { GroupId = groupId, MemberId = MemberId, GenerationId = generation };
        Requests++;
        var answer = await connection.RequestAsync<HeartbeatResponse>(HeartbeatRequest.ApiKey, HeartbeatVersion, request, cancellationToken).ConfigureAwait(false);
        return answer.ErrorCode;
    }

    /// <summary>Removes <paramref name="memberIds"/> from the group in one batched LeaveGroup sent on this member's connection.</summary>
    public async Task LeaveAsync(IEnumerable<string> memberIds, CancellationToken cancellationToken)
    {
        var request = new LeaveGroupRequest { GroupId = groupId, Members = memberIds.Select(id => new LeaveGroupRequest.MemberIdentity { MemberId = id }).ToList() };
        var answer = await connection.RequestAsync<LeaveGroupResponse>(LeaveGroupRequest.ApiKey, LeaveVersion, request, cancellationToken).ConfigureAwait(false);
        if (answer.ErrorCode != 0)
        {
            throw new InvalidOperationException($"LeaveGroup: error {answer.ErrorCode}");
        }
    }
}
