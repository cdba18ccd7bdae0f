// SaslAuthenticate (key 36), versions 0-2 (KIP-152, KIP-368).
// After a handshake on a SASL listener: hands the token to the mechanism's server, answering its challenge until
// it is done; success makes the connection's principal User:<name>, failure answers SASL_AUTHENTICATION_FAILED after connection.failed.authentication.delay.ms
// and closes the connection, as Kafka delays it (KIP-306). Before a handshake it gets ILLEGAL_SASL_STATE and
// the connection closes; on other listeners or after authentication, ILLEGAL_SASL_STATE alone.
// On success v1+ answers session_lifetime_ms = min(connections.max.reauth.ms, the credential's time left), 0 when neither
// applies; a re-authentication that names another principal fails (KIP-368).
using KafkaNet.Broker.Security;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;
using Microsoft.Extensions.Logging;

namespace KafkaNet.Broker.Handlers;

public sealed class SaslAuthenticateHandler : ApiHandler<SaslAuthenticateRequest, SaslAuthenticateResponse>
{
    public override short ApiKey => SaslAuthenticateRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 2;

    protected override async ValueTask<SaslAuthenticateResponse?> HandleAsync(RequestContext context, SaslAuthenticateRequest request, CancellationToken cancellationToken)
    {
        var sasl = context.Sasl;
        if (sasl is null || sasl.IsAuthenticated)
        {
            return Failure(ErrorCode.IllegalSaslState, "SaslAuthenticate request received after successful authentication");
        }
        if (sasl.Stage != SaslStage.AwaitingAuthenticate)
        {
            context.CloseConnection = true;
            return Failure(ErrorCode.IllegalSaslState, "Unexpected Kafka request of type SASL_AUTHENTICATE during SASL handshake.");
        }
        var outcome = sasl.Server!.Evaluate(request.AuthBytes.Span);
        long sessionLifetimeMs = 0;
        string? error = outcome.Error;
        if (outcome.IsComplete)
        {
            bool reauthenticating = sasl.IsReauthenticating;
            (sessionLifetimeMs, error) = sasl.Authenticated(outcome, context.ApiVersion);
            if (error is null && reauthenticating)
            {
                SaslLog.Reauthenticated(context.Broker.LoggerFactory.CreateLogger<SaslAuthenticateHandler>(), context.ConnectionId, sasl.Principal!, sasl.Mechanism!, sessionLifetimeMs);
            }
        }
        if (error is not null)
        {
            context.Broker.Audit.AuthenticationFailed(null, context.ClientHost.TrimStart('/'), sasl.Server.Mechanism, outcome.Error);
            sasl.Failed();
            context.CloseConnection = true; // before the delay, so nothing after this request starts
            await Task.Delay(sasl.Settings.FailedAuthenticationDelay, cancellationToken).ConfigureAwait(false);
            return Failure(ErrorCode.SaslAuthenticationFailed, error);
        }
        return new SaslAuthenticateResponse { AuthBytes = outcome.ServerMessage, SessionLifetimeMs = sessionLifetimeMs };
    }

    private static SaslAuthenticateResponse Failure(ErrorCode code, string? message) =>
        new() { ErrorCode = (short)code, ErrorMessage = message, AuthBytes = Array.Empty<byte>() };
}
