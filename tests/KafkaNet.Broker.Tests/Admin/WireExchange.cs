using KafkaNet.Broker.Tests.Network;
using KafkaNet.Protocol;

namespace KafkaNet.Broker.Tests.Admin;

/// <summary>One request and its decoded response over a raw socket, for versions and fields no client library exercises.</summary>
internal static class WireExchange
{
    public static async Task<TResponse> SendAsync<TResponse>(int port, short apiKey, short version, IKafkaMessage request, bool flexible)
        where TResponse : IKafkaMessage<TResponse>
    {
        using var session = await WireSession.OpenAsync(port);
        return await session.SendAsync<TResponse>(apiKey, version, request, flexible);
    }
}
