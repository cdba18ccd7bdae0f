using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Cluster.Network;

/// <summary>
/// SASL on a new connection as Kafka's clients do it: SaslHandshake v1 naming the mechanism, then the exchange in
/// SaslAuthenticate v2 requests, before any other request.
/// </summary>
internal static class NodeSasl
{
    private const short HandshakeVersion = 1;
    private const short AuthenticateVersion = 2;

    /// <exception cref="NodeAuthenticationException">The node does not enable the mechanism or refuses the credentials.</exception>
    /// <exception cref="NodeUnreachableException">The connection broke during the exchange.</exception>
    public static async Task AuthenticateAsync(IRequestChannel connection, NodeAddress address, SaslClientCredentials credentials, CancellationToken cancellationToken)
    {
        var handshake = await connection.SendAsync<SaslHandshakeResponse>(new SaslHandshakeRequest { Mechanism = credentials.Mechanism },
            SaslHandshakeRequest.ApiKey, HandshakeVersion, cancellationToken).ConfigureAwait(false);
        if (handshake.ErrorCode != 0)
        {
            throw new NodeAuthenticationException(address,
                $"{ErrorCodes.Name((ErrorCode)handshake.ErrorCode)}: the node enables [{string.Join(", ", handshake.Mechanisms)}], not {credentials.Mechanism}");
        }

        var exchange = SaslClientExchange.Create(credentials);
        byte[]? message = exchange.Start();
        while (message is not null)
        {
            var response = await connection.SendAsync<SaslAuthenticateResponse>(new SaslAuthenticateRequest { AuthBytes = message },
                SaslAuthenticateRequest.ApiKey, AuthenticateVersion, cancellationToken).ConfigureAwait(false);
            if (response.ErrorCode != 0)
            {
                string reason = string.IsNullOrEmpty(response.ErrorMessage) ? "" : ": " + response.ErrorMessage;
                throw new NodeAuthenticationException(address, $"{ErrorCodes.Name((ErrorCode)response.ErrorCode)}{reason} ({credentials})");
            }
            try
            {
                message = exchange.Next(response.AuthBytes.Span);
            }
            catch (SaslExchangeException e)
            {
                throw new NodeAuthenticationException(address, $"{e.Message} ({credentials})", e);
            }
        }
    }
}
