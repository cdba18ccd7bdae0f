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
        kafka.Broker.ClientGateHold = TimeSpan.Zero; // a node of a larger quorum holds nothing

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

    [Fact]
    public async Task With_a_hold_an_early_connection_waits_and_is_served_once_requests_are_enabled()
    {
        await using var kafka = await EmbeddedKafka.StartAsync();
        var caughtUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        kafka.Broker.ClientRequestsEnabled = caughtUp.Task;
        kafka.Broker.ClientGateHold = TimeSpan.FromSeconds(30);

        using var early = await RawKafkaConnection.ConnectAsync(kafka.Port);
        await early.SendAsync(ApiVersionsFrame(3));
        var answer = ReceiveAsync<ApiVersionsResponse>(early, 3, 0);
        await Task.Delay(200);
        Assert.False(answer.IsCompleted, "the request was answered before the broker caught up");

        caughtUp.SetResult();
        Assert.Equal(0, (await answer.WaitAsync(TimeSpan.FromSeconds(10))).ErrorCode);
    }

    [Fact]
    public async Task A_held_connection_is_closed_when_the_hold_runs_out()
    {
        await using var kafka = await EmbeddedKafka.StartAsync();
        kafka.Broker.ClientRequestsEnabled = new TaskCompletionSource().Task;
        kafka.Broker.ClientGateHold = TimeSpan.FromMilliseconds(300);

        using var early = await RawKafkaConnection.ConnectAsync(kafka.Port);
        await early.SendAsync(ApiVersionsFrame(4));
        Assert.True(await early.IsClosedByBrokerAsync());
    }
}
