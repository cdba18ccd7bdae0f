using KafkaNet.Broker.Tests.Network;
using KafkaNet.Embedded;
using KafkaNet.Protocol.Messages;
using static KafkaNet.Broker.Tests.Network.PipelinedWire;
using static KafkaNet.Broker.Tests.Quotas.QuotaWire;

namespace KafkaNet.Broker.Tests.Quotas;

/// <summary>request_percentage (KIP-124): handler time over the quota throttles the response and mutes the connection.</summary>
public sealed class RequestPercentageTests : IAsyncLifetime
{
    private const short MetadataVersion = 4;
    private const int MaxRequests = 200;

    private EmbeddedKafka _kafka = null!;

    public async Task InitializeAsync() => _kafka = await EmbeddedKafka.StartAsync();

    public async Task DisposeAsync() => await _kafka.DisposeAsync();

    [Fact]
    public async Task A_client_over_its_request_percentage_is_throttled_and_muted_while_a_client_without_one_is_not()
    {
        // 0.00001 % of one thread over the 1 s a new rate is measured against is 0.1 µs of handler time: the request
        // that goes over goes far over, so its throttle is Kafka's cap of one window (1 s).
        Assert.Equal(0, (await SetAsync(_kafka.Port, [("client-id", "rp-limited")], ("request_percentage", 0.00001))).ErrorCode);

        using var limited = await RawKafkaConnection.ConnectAsync(_kafka.Port);
        int throttle = 0;
        int sent = 0;
        while (throttle == 0 && sent < MaxRequests)
        {
            sent++;
            throttle = (await MetadataAsync(limited, sent, "rp-limited")).ThrottleTimeMs;
        }
        Assert.True(throttle == 1000, $"a throttle of {throttle} ms after {sent} metadata requests");

        // Muted: the next request is not read while the throttle lasts (checked for up to a second of it).
        await limited.SendRequestAsync(MetadataRequest.ApiKey, MetadataVersion, sent + 1, new MetadataRequest(), flexibleHeader: false, "rp-limited");
        var next = limited.ReceiveFrameAsync();
        var muteCheck = Task.Delay(Math.Clamp(throttle - 100, 1, 1000));
        Assert.Same(muteCheck, await Task.WhenAny(next, muteCheck));

        using var free = await RawKafkaConnection.ConnectAsync(_kafka.Port);
        for (int i = 1; i <= sent + 1; i++)
        {
            Assert.Equal(0, (await MetadataAsync(free, i, "rp-free")).ThrottleTimeMs);
        }
    }

    [Fact]
    public async Task ApiVersions_is_not_counted()
    {
        Assert.Equal(0, (await SetAsync(_kafka.Port, [("client-id", "raw-test")], ("request_percentage", 0.001))).ErrorCode);
        try
        {
            using var connection = await RawKafkaConnection.ConnectAsync(_kafka.Port);
            for (int i = 1; i <= 50; i++)
            {
                await connection.SendRequestAsync(ApiVersionsRequest.ApiKey, 2, i, new ApiVersionsRequest(), flexibleHeader: false);
                var response = await ReceiveAsync<ApiVersionsResponse>(connection, i, 2);
                Assert.Equal((0, 0), (response.ErrorCode, response.ThrottleTimeMs));
            }
        }
        finally
        {
            await AlterAsync(_kafka.Port, [("client-id", "raw-test")], [("request_percentage", 0, true)]);
        }
    }

    private static async Task<MetadataResponse> MetadataAsync(RawKafkaConnection connection, int correlationId, string clientId)
    {
        await connection.SendRequestAsync(MetadataRequest.ApiKey, MetadataVersion, correlationId, new MetadataRequest(), flexibleHeader: false, clientId);
        return await ReceiveAsync<MetadataResponse>(connection, correlationId, MetadataVersion);
    }
}
