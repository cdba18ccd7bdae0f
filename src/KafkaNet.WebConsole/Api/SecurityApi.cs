using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using KafkaNet.WebConsole.Dispatch;
using KafkaNet.WebConsole.Dto;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace KafkaNet.WebConsole.Api;

/// <summary>
/// GET security: the broker's ACLs (DescribeAcls with a match-all filter) and client quotas (DescribeClientQuotas of
/// every entity), asked through the broker's own handlers as an admin client would.
/// </summary>
internal static class SecurityApi
{
    public static void Map(RouteGroupBuilder api, BrokerRequests kafka)
    {
        api.MapGet("/security", async (CancellationToken cancellationToken) =>
        {
            var acls = await kafka.SendAsync<DescribeAclsResponse>(DescribeAclsRequest.ApiKey, 3, new DescribeAclsRequest
            {
                ResourceTypeFilter = (sbyte)AclResourceType.Any,
                PatternTypeFilter = (sbyte)AclPatternType.Any,
                Operation = (sbyte)AclOperation.Any,
                PermissionType = (sbyte)AclPermissionType.Any,
            }, cancellationToken).ConfigureAwait(false);
            var quotas = await kafka.SendAsync<DescribeClientQuotasResponse>(DescribeClientQuotasRequest.ApiKey, 1,
                new DescribeClientQuotasRequest { Components = [], Strict = false }, cancellationToken).ConfigureAwait(false);
            bool authorizer = acls.ErrorCode != (short)ErrorCode.SecurityDisabled;
            var aclRows = authorizer ? Acls(acls) : [];
            var quotaRows = Quotas(quotas);
            string message = (ErrorCode)acls.ErrorCode switch
            {
                ErrorCode.SecurityDisabled => "No authorizer is configured (authorizer.class.name): every client may do everything.",
                ErrorCode.ClusterAuthorizationFailed =>
                    $"The ACL authorizer checks every request; {Auth.ConsoleCaller.Current?.Principal ?? Auth.ConsoleCaller.Anonymous} may not describe ACLs (DESCRIBE on the cluster).",
                _ => $"The ACL authorizer checks every request: {aclRows.Count} ACL(s).",
            };
            message += quotaRows.Count == 0 ? " No client quotas: clients are not throttled." : $" {quotaRows.Count} client quota value(s).";
            return Results.Json(new SecurityDto(authorizer, aclRows, quotaRows, message), ConsoleJsonContext.Default.SecurityDto);
        });
    }

    private static List<AclDto> Acls(DescribeAclsResponse response) =>
        [.. from resource in response.Resources
            from acl in resource.Acls
            select new AclDto(AclNames.Of((AclResourceType)resource.ResourceType), resource.ResourceName, AclNames.Of((AclPatternType)resource.PatternType),
                acl.Principal, acl.Host, AclNames.Of((AclOperation)acl.Operation), AclNames.Of((AclPermissionType)acl.PermissionType))];

    private static List<QuotaDto> Quotas(DescribeClientQuotasResponse response) =>
        [.. from entry in response.Entries ?? []
            let entity = string.Join(", ", entry.Entity.Select(e => e.EntityType + "=" + (e.EntityName ?? "<default>")))
            from value in entry.Values
            orderby entity, value.Key
            select new QuotaDto(entity, value.Key, value.Value)];
}
