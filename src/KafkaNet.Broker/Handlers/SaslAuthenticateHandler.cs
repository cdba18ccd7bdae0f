// SaslAuthenticate (key 36), versions 0-2 (KIP-152, KIP-368).
// After a PLAIN handshake on a SASL listener: checks the token; success makes the connection's principal
// User:<name>, failure answers SASL_AUTHENTICATION_FAILED after connection.failed.authentication.delay.ms
// and closes the connection, as Kafka delays it (KIP-306). Before a handshake it gets ILLEGAL_SASL_STATE and
// the connection closes; on other listeners or after authentication, ILLEGAL_SASL_STATE alone.
// Deviation: session_lifetime_ms is always 0, re-authentication (connections.max.reauth.ms) is not served.
using KafkaNet.Broker.Security;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

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
        var (userName, error) = PlainAuthenticator.Authenticate(request.AuthBytes.Span, sasl.Settings.PlainUsers);
        if (userName is null)
        {
            sasl.Failed();
            context.CloseConnection = true; // before the delay, so nothing after this request starts
            await Task.Delay(sasl.Settings.FailedAuthenticationDelay, cancellationToken).ConfigureAwait(false);
            return Failure(ErrorCode.SaslAuthenticationFailed, error);
        }
        sasl.Authenticated(userName);
        return new SaslAuthenticateResponse { AuthBytes = Array.Empty<byte>(), SessionLifetimeMs = 0 };
    }

    private static SaslAuthenticateResponse Failure(ErrorCode code, string? message) =>
        new() { ErrorCode = (short)code, ErrorMessage = message, AuthBytes = Array.Empty<byte>() };
}
