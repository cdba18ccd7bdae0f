using KafkaNet.Broker.Security;
using KafkaNet.Protocol;
using KafkaNet.WebConsole.Auth;
using KafkaNet.WebConsole.Dto;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace KafkaNet.WebConsole.Api;

/// <summary>GET session (who the console acts as), POST session (sign in), DELETE session (sign out); open without a session.</summary>
internal static class SessionApi
{
    public static void Map(RouteGroupBuilder session, ConsoleAuthentication authentication)
    {
        session.MapGet("", (HttpContext http) => Answer(authentication, authentication.CallerOf(http)));
        session.MapPost("", async (HttpContext http, CancellationToken cancellationToken) =>
        {
            if (!authentication.SignInRequired)
            {
                return ConsoleErrors.Invalid("The broker has no SASL listener: the console needs no sign-in.");
            }
            var body = await RequestBodies.ReadAsync(http.Request, ConsoleJsonContext.Default.SignInDto, cancellationToken).ConfigureAwait(false);
            var sasl = await authentication.SignInAsync(http, body.UserName ?? "", body.Password ?? "", cancellationToken).ConfigureAwait(false);
            return sasl is null
                ? ConsoleErrors.Error(ErrorCodes.Name(ErrorCode.SaslAuthenticationFailed), PlainAuthenticator.InvalidCredentials, StatusCodes.Status401Unauthorized)
                : Answer(authentication, new ConsoleCaller(sasl, ""));
        });
        session.MapDelete("", (HttpContext http) =>
        {
            authentication.SignOut(http);
            return Results.NoContent();
        });
    }

    private static IResult Answer(ConsoleAuthentication authentication, ConsoleCaller? caller)
    {
        bool authorizer = authentication.Broker.Authorizer is not null;
        var mechanisms = BrokerLogin.Mechanisms(authentication.Broker);
        string message = (authentication.SignInRequired, caller) switch
        {
            (false, _) => "No sign-in: the broker has no SASL listener, so the console acts as User:ANONYMOUS, as its clients do"
                + (authorizer ? ", and the authorizer checks it as it checks them." : "; with no authorizer either, anyone who reaches this listener may do everything."),
            (true, null) => $"The broker authenticates its clients with SASL: sign in with a user of its listeners ({string.Join(", ", mechanisms)}).",
            (true, { } signedIn) => $"Signed in as {signedIn.Principal}: "
                + (authorizer ? "the authorizer checks each request of the console as it checks a Kafka client's." : "with no authorizer, every authenticated client may do everything."),
        };
        return Results.Json(new SessionDto(authentication.SignInRequired, authentication.SignInRequired && caller is not null, caller?.Principal, authorizer, mechanisms, message),
            ConsoleJsonContext.Default.SessionDto);
    }
}
