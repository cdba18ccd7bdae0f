using KafkaNet.Embedded;
using KafkaNet.Protocol.Messages;
using static KafkaNet.Broker.Tests.Network.PipelinedWire;

namespace KafkaNet.Broker.Tests.Network;

/// <summary>
/// A cluster broker still replaying the metadata log does not serve clients: its client connections close as they
/// arrive, and are served once it has caught up.
/// </summary>
public sealed class ClientRequestsGateTests
{
    [Fact]
    public async Task Client_connections_close_until_requests_are_enabled_then_are_served()
    {
        await using var kafka = await EmbeddedKafka.StartAsync();
        var caughtUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        kafka.Broker.ClientRequestsEnabled = caughtUp.Task;

        using (var early = await RawKafkaConnection.ConnectAsync(kafka.Port))
        {
            await early.SendAsync(ApiVersionsFrame(1));
            Assert.True(await early.IsClosedByBrokerAsync());
        }

        caughtUp.SetResult();
        using var later = await RawKafkaConnection.ConnectAsync(kafka.Port);
        await later.SendAsync(ApiVersionsFrame(2));
        Assert.Equal(0, (await ReceiveAsync<ApiVersionsResponse>(later, 2, 0)).ErrorCode);
    }
}
