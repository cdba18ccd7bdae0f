// SaslHandshake (key 17), versions 0-1 (KIP-43, KIP-152).
// On a SASL listener before authentication: chooses the mechanism; one not enabled gets
// UNSUPPORTED_SASL_MECHANISM with the enabled list and the connection closes, as Kafka's authenticator.
// Anywhere else (a PLAINTEXT or SSL listener, or after authentication) it gets ILLEGAL_SASL_STATE, as
// Kafka's request handler answers it; a second handshake before authenticating also closes the connection.
// After v0 the client sends its token as a bare size-prefixed frame without a request header (the
// connection reads it, see ConnectionSession); after v1 it sends SaslAuthenticate requests.
// On an authenticated connection whose session has a lifetime and whose client used SaslAuthenticate v1+, a handshake
// starts a re-authentication (KIP-368), at most one a second, as Kafka's channel allows.
using KafkaNet.Broker.Security;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Handlers;

public sealed class SaslHandshakeHandler : ApiHandler<SaslHandshakeRequest, SaslHandshakeResponse>
{
    public override short ApiKey => SaslHandshakeRequest.ApiKey;

    public override short LowestVersion => 0;

    public override short HighestVersion => 1;

    protected override ValueTask<SaslHandshakeResponse?> HandleAsync(RequestContext context, SaslHandshakeRequest request, CancellationToken cancellationToken)
    {
        var sasl = context.Sasl;
        bool reauthenticating = sasl is not null && sasl.CanBeginReauthentication;
        if (sasl is null || (sasl.Stage != SaslStage.AwaitingHandshake && !reauthenticating))
        {
            context.CloseConnection = sasl is not null && !sasl.IsAuthenticated;
            return Answer(new SaslHandshakeResponse { ErrorCode = (short)ErrorCode.IllegalSaslState });
        }
        var response = new SaslHandshakeResponse();
        response.Mechanisms.AddRange(sasl.Settings.EnabledMechanisms);
        var server = sasl.Settings.EnabledMechanisms.Contains(request.Mechanism, StringComparer.Ordinal)
            ? SaslServers.Create(request.Mechanism, sasl.Settings, context.Broker)
            : null;
        if (server is null)
        {
            sasl.Failed();
            context.CloseConnection = true;
            response.ErrorCode = (short)ErrorCode.UnsupportedSaslMechanism;
            return Answer(response);
        }
        if (reauthenticating)
        {
            sasl.BeginReauthentication(server);
            return Answer(response);
        }
        sasl.HandshakeDone(rawTokens: context.ApiVersion == 0, server);
        return Answer(response);
    }

    private static ValueTask<SaslHandshakeResponse?> Answer(SaslHandshakeResponse response) => ValueTask.FromResult<SaslHandshakeResponse?>(response);
}
