// DeleteGroups (key 42), versions 0-2.
// Deletes empty groups with their offsets (tombstones in __consumer_offsets): GROUP_ID_NOT_FOUND for
// unknown groups, NON_EMPTY_GROUP while members remain, INVALID_GROUP_ID for an empty id.
// Authorization: DELETE on each group, else GROUP_AUTHORIZATION_FAILED for it.
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Handlers;

public sealed class DeleteGroupsHandler : ApiHandler<DeleteGroupsRequest, DeleteGroupsResponse>
{
    public override short ApiKey => DeleteGroupsRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 2;

    protected override async ValueTask<DeleteGroupsResponse?> HandleAsync(RequestContext context, DeleteGroupsRequest request, CancellationToken cancellationToken)
    {
        var response = new DeleteGroupsResponse();
        foreach (string groupId in request.GroupsNames)
        {
            var error = !context.AllowsGroup(AclOperation.Delete, groupId) ? ErrorCode.GroupAuthorizationFailed
                : groupId.Length == 0 ? ErrorCode.InvalidGroupId : await context.Broker.Groups.DeleteGroupAsync(groupId).ConfigureAwait(false);
            response.Results.Add(new DeleteGroupsResponse.DeletableGroupResult { GroupId = groupId, ErrorCode = (short)error });
        }
        return response;
    }
}
