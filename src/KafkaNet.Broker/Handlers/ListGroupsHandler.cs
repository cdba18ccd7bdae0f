// ListGroups (key 16), versions 0-5.
// Every group this broker coordinates, with its protocol type, state (v4+) and type (v5+: classic,
// consumer or share). State and type filters match without regard to case, as Kafka's do.
// Authorization: DESCRIBE on the cluster lists every group; otherwise only the groups the principal may describe.
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Broker.Groups;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Handlers;

public sealed class ListGroupsHandler : ApiHandler<ListGroupsRequest, ListGroupsResponse>
{
    public override short ApiKey => ListGroupsRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 5;

    protected override ValueTask<ListGroupsResponse?> HandleAsync(RequestContext context, ListGroupsRequest request, CancellationToken cancellationToken)
    {
        var (error, groups) = context.Broker.Groups.ListGroups();
        var states = new HashSet<string>(request.StatesFilter, StringComparer.OrdinalIgnoreCase);
        var types = new HashSet<string>(request.TypesFilter, StringComparer.OrdinalIgnoreCase);
        var response = new ListGroupsResponse { ErrorCode = (short)error };
        bool seesAll = context.AllowsCluster(AclOperation.Describe, audit: false);
        foreach (var group in groups)
        {
            string type = TypeName(group.Type);
            if ((states.Count > 0 && !states.Contains(group.State)) || (types.Count > 0 && !types.Contains(type))
                || (!seesAll && !context.AllowsGroup(AclOperation.Describe, group.GroupId, audit: false)))
            {
                continue;
            }
            response.Groups.Add(new ListGroupsResponse.ListedGroup
            {
                GroupId = group.GroupId,
                ProtocolType = group.ProtocolType,
                GroupState = group.State,
                GroupType = type,
            });
        }
        return ValueTask.FromResult<ListGroupsResponse?>(response);
    }

    public static string TypeName(GroupType type) => type switch
    {
        GroupType.Consumer => "consumer",
        GroupType.Share => "share",
        _ => "classic",
    };
}
