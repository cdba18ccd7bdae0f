using KafkaNet.Broker;
using KafkaNet.WebConsole.Api;
using KafkaNet.WebConsole.Assets;
using KafkaNet.WebConsole.Auth;
using KafkaNet.WebConsole.Dispatch;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace KafkaNet.WebConsole;

/// <summary>
/// The web console: a page under /console and its JSON API under /console/api, served on the HTTP listener it is
/// mapped onto. The API answers through the broker's own Kafka request handlers, never from storage directly, as the
/// signed-in user's principal when the broker authenticates its clients (SASL), else as User:ANONYMOUS.
/// </summary>
public static class WebConsoleEndpoints
{
    public const string BasePath = "/console";
    public const string ApiPath = BasePath + "/api";

    public static void Map(IEndpointRouteBuilder endpoints, KafkaBroker broker)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(broker);
        var authentication = new ConsoleAuthentication(broker, new ConsoleSessions(TimeProvider.System));
        var kafka = new BrokerRequests(broker, authentication);
        StaticAssets.Map(endpoints, BasePath);
        // Signing in needs no session; everything else does when the broker authenticates its clients.
        var session = endpoints.MapGroup(ApiPath + "/session");
        session.AddEndpointFilter<ConsoleErrors>();
        SessionApi.Map(session, authentication);
        var api = endpoints.MapGroup(ApiPath);
        api.AddEndpointFilter<ConsoleErrors>();
        api.AddEndpointFilter(authentication);
        BrokersApi.Map(api, kafka);
        TopicsApi.Map(api, kafka);
        MessagesApi.Map(api, kafka);
        GroupsApi.Map(api, kafka);
        SecurityApi.Map(api, kafka);
        api.MapFallback(() => ConsoleErrors.Error("NOT_FOUND", "No such console API.", StatusCodes.Status404NotFound));
    }
}
