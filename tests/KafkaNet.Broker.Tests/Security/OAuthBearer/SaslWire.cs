using KafkaNet.Broker.Tests.Network;
using KafkaNet.Protocol.Messages;
using static KafkaNet.Broker.Tests.Network.PipelinedWire;

namespace KafkaNet.Broker.Tests.Security.OAuthBearer;

/// <summary>SaslHandshake v1 and SaslAuthenticate v1 over a raw connection, as a client that knows KIP-368 sends them.</summary>
internal static class SaslWire
{
    public const short Version = 1;

    public static async Task<SaslHandshakeResponse> HandshakeAsync(RawKafkaConnection connection, int correlationId, string mechanism = "OAUTHBEARER")
    {
        await connection.SendRequestAsync(SaslHandshakeRequest.ApiKey, Version, correlationId, new SaslHandshakeRequest { Mechanism = mechanism }, flexibleHeader: false);
        return await ReceiveAsync<SaslHandshakeResponse>(connection, correlationId, Version);
    }

    public static async Task<SaslAuthenticateResponse> AuthenticateAsync(RawKafkaConnection connection, int correlationId, byte[] message)
    {
        await connection.SendRequestAsync(SaslAuthenticateRequest.ApiKey, Version, correlationId, new SaslAuthenticateRequest { AuthBytes = message }, flexibleHeader: false);
        return await ReceiveAsync<SaslAuthenticateResponse>(connection, correlationId, Version);
    }

    /// <summary>Handshake and token: the broker's answer to the token.</summary>
    public static async Task<SaslAuthenticateResponse> LogInAsync(RawKafkaConnection connection, string token, int firstCorrelationId = 1)
    {
        Assert.Equal(0, (await HandshakeAsync(connection, firstCorrelationId)).ErrorCode);
        return await AuthenticateAsync(connection, firstCorrelationId + 1, TestTokens.ClientMessage(token));
    }

    /// <summary>A Metadata v4 request for no topics, answered when the connection may be served.</summary>
    public static async Task<MetadataResponse> MetadataAsync(RawKafkaConnection connection, int correlationId)
    {
        await connection.SendRequestAsync(MetadataRequest.ApiKey, 4, correlationId, new MetadataRequest { Topics = [], AllowAutoTopicCreation = false }, flexibleHeader: false);
        return await ReceiveAsync<MetadataResponse>(connection, correlationId, 4);
    }
}
