using KafkaNet.Broker;
using KafkaNet.Broker.Security;
using KafkaNet.WebConsole.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace KafkaNet.WebConsole.Auth;

/// <summary>
/// Who may use the console. When the broker has a SASL listener, its clients must authenticate, and so must the
/// console's users: they sign in with a user name and password the broker's listeners accept (<see cref="BrokerLogin"/>)
/// and get a session cookie; every API request then needs a live session, and runs as its principal. Without a SASL
/// listener the console runs as User:ANONYMOUS, as a client of a PLAINTEXT listener does; the authorizer, when
/// configured, checks that principal as it would such a client.
/// </summary>
internal sealed partial class ConsoleAuthentication(KafkaBroker broker, ConsoleSessions sessions) : IEndpointFilter
{
    public const string CookieName = "kafkanet-console-session";

    private readonly ILogger _logger = broker.LoggerFactory.CreateLogger("KafkaNet.WebConsole");

    public bool SignInRequired => broker.SaslListeners.Count > 0;

    /// <summary>Kafka's connection.failed.authentication.delay.ms of the SASL listeners (the longest), held before a refusal.</summary>
    public TimeSpan FailedDelay => broker.SaslListeners.Values.Select(s => s.FailedAuthenticationDelay).DefaultIfEmpty(TimeSpan.Zero).Max();

    public KafkaBroker Broker => broker;

    /// <summary>Sets the request's caller, or answers 401 when the broker requires sign-in and the request has no live session.</summary>
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var caller = CallerOf(context.HttpContext);
        if (caller is null)
        {
            return ConsoleErrors.Error("UNAUTHENTICATED", "Sign in: the broker authenticates its clients (SASL), and the console's users too.",
                StatusCodes.Status401Unauthorized);
        }
        ConsoleCaller.Current = caller;
        return await next(context).ConfigureAwait(false);
    }

    /// <summary>The caller of this HTTP request: anonymous without sign-in, the session's user with it; null when not signed in.</summary>
    public ConsoleCaller? CallerOf(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        string host = ClientHost(http);
        if (!SignInRequired)
        {
            return new ConsoleCaller(null, host);
        }
        return sessions.Find(http.Request.Cookies[CookieName]) is { } sasl ? new ConsoleCaller(sasl, host) : null;
    }

    /// <summary>Checks the credentials; on success starts a session and sets its cookie, on failure waits the failed-authentication delay.</summary>
    public async Task<SaslConnectionState?> SignInAsync(HttpContext http, string userName, string password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var sasl = userName.Length == 0 || password.Length == 0 ? null : BrokerLogin.Authenticate(broker, userName, password);
        string host = ClientHost(http).TrimStart('/');
        if (sasl is null)
        {
            // As the broker's own lines for a failed SASL login: no principal (a password typed as user name stays out of the log).
            broker.Audit.AuthenticationFailed(null, host, string.Join(",", BrokerLogin.Mechanisms(broker)),
                "web console sign-in: " + PlainAuthenticator.InvalidCredentials);
            await Task.Delay(FailedDelay, cancellationToken).ConfigureAwait(false);
            return null;
        }
        // A sign-in replaces this browser's earlier session rather than leaving it to expire.
        sessions.End(http.Request.Cookies[CookieName]);
        string token = sessions.Start(sasl);
        http.Response.Cookies.Append(CookieName, token, CookieOptions(http));
        LogSignedIn(_logger, sasl.Principal!, sasl.Mechanism ?? "", host);
        return sasl;
    }

    public void SignOut(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        sessions.End(http.Request.Cookies[CookieName]);
        http.Response.Cookies.Delete(CookieName, CookieOptions(http));
    }

    private static CookieOptions CookieOptions(HttpContext http) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = http.Request.IsHttps,
        Path = WebConsoleEndpoints.BasePath,
        IsEssential = true,
    };

    /// <summary>The browser's address as Kafka writes a client's host: "/127.0.0.1".</summary>
    private static string ClientHost(HttpContext http)
    {
        var address = http.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "/unknown";
        }
        return "/" + (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Web console: {Principal} signed in with {Mechanism} from {Host}")]
    private static partial void LogSignedIn(ILogger logger, string principal, string mechanism, string host);
}
