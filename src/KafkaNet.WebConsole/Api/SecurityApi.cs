using KafkaNet.Protocol.Messages;
using KafkaNet.WebConsole.Dispatch;
using KafkaNet.WebConsole.Dto;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace KafkaNet.WebConsole.Api;

/// <summary>GET security: whether ACLs and quotas exist, judged by whether the broker serves their APIs.</summary>
internal static class SecurityApi
{
    public static void Map(RouteGroupBuilder api, BrokerRequests kafka)
    {
        api.MapGet("/security", () =>
        {
            bool acls = kafka.Serves(DescribeAclsRequest.ApiKey);
            bool quotas = kafka.Serves(DescribeClientQuotasRequest.ApiKey);
            string message = (acls, quotas) switch
            {
                (false, false) => "This broker has no ACLs and no quotas yet: every client may do everything, at any rate.",
                (false, true) => "This broker has no ACLs yet: every client may do everything.",
                (true, false) => "This broker has no quotas yet: clients are not throttled.",
                _ => "ACLs and quotas are served by the broker; use the Kafka admin tools to list them.",
            };
            return Results.Json(new SecurityDto(acls, quotas, message), ConsoleJsonContext.Default.SecurityDto);
        });
    }
}
