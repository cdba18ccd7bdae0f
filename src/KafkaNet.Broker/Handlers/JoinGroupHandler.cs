// JoinGroup (key 11), versions 0-9.
// The classic protocol's join phase (see Groups/Classic): the answer waits until the group's join
// phase ends. v0-3 joins with an empty member id are answered with the id the coordinator assigned;
// v4+ first get MEMBER_ID_REQUIRED with the id to join with (KIP-394). Static members (v5+,
// group.instance.id) rejoin without a rebalance. Member metadata is opaque and copied out of the
// request. An empty group id gets INVALID_GROUP_ID; no protocols or no protocol type
// INCONSISTENT_GROUP_PROTOCOL.
// Authorization: READ on the group, else GROUP_AUTHORIZATION_FAILED.
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Broker.Groups.Classic;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Handlers;

public sealed class JoinGroupHandler : ApiHandler<JoinGroupRequest, JoinGroupResponse>
{
    public override short ApiKey => JoinGroupRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 9;

    protected override async ValueTask<JoinGroupResponse?> HandleAsync(RequestContext context, JoinGroupRequest request, CancellationToken cancellationToken)
    {
        JoinGroupResult result;
        if (!context.AllowsGroup(AclOperation.Read, request.GroupId))
        {
            result = JoinGroupResult.Failed(ErrorCode.GroupAuthorizationFailed, request.MemberId);
        }
        else if (request.GroupId.Length == 0)
        {
            result = JoinGroupResult.Failed(ErrorCode.InvalidGroupId, request.MemberId);
        }
        else if (request.ProtocolType.Length == 0 || request.Protocols.Count == 0)
        {
            result = JoinGroupResult.Failed(ErrorCode.InconsistentGroupProtocol, request.MemberId);
        }
        else
        {
            var protocols = request.Protocols.Select(p => (p.Name, p.Metadata.ToArray())).ToList();
            // v0 has no rebalance timeout: the session timeout serves for both, as in Kafka.
            int rebalanceTimeout = context.ApiVersion == 0 ? request.SessionTimeoutMs : request.RebalanceTimeoutMs;
            var join = new ClassicJoinRequest(request.GroupId, request.MemberId, request.GroupInstanceId, request.ProtocolType, protocols,
                request.SessionTimeoutMs, rebalanceTimeout, context.ClientId, context.ClientHost, context.ApiVersion);
            result = await context.Broker.Groups.JoinGroupAsync(join, cancellationToken).ConfigureAwait(false);
        }
        var response = new JoinGroupResponse
        {
            ErrorCode = (short)result.Error,
            GenerationId = result.GenerationId,
            ProtocolType = result.ProtocolType,
            ProtocolName = result.ProtocolName ?? (context.ApiVersion >= 7 ? null : ""),
            Leader = result.LeaderId,
            SkipAssignment = result.SkipAssignment,
            MemberId = result.MemberId,
        };
        foreach (var member in result.Members ?? [])
        {
            response.Members.Add(new JoinGroupResponse.JoinGroupResponseMember
            {
                MemberId = member.MemberId,
                GroupInstanceId = member.GroupInstanceId,
                Metadata = member.Metadata,
            });
        }
        return response;
    }
}
