using System.Buffers.Binary;
using KafkaNet.Broker.Handlers;
using KafkaNet.Embedded;
using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Network;

public sealed class ApiVersionsTests : IAsyncLifetime
{
    private EmbeddedKafka _kafka = null!;

    public async Task InitializeAsync() => _kafka = await EmbeddedKafka.StartAsync();

    public async Task DisposeAsync() => await _kafka.DisposeAsync();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task Every_version_lists_exactly_the_registered_handlers(short version)
    {
        var response = await ExchangeAsync(version, new ApiVersionsRequest { ClientSoftwareName = "kafkanet-tests", ClientSoftwareVersion = "1.0" });
        Assert.Equal(0, response.ErrorCode);
        var advertised = response.ApiKeys.Select(k => (k.ApiKey, k.MinVersion, k.MaxVersion)).ToList();
        var expected = _kafka.Broker.Handlers.Handlers.Select(h => (h.ApiKey, h.LowestVersion, h.HighestVersion)).ToList();
        Assert.Equal(expected, advertised);
        Assert.Contains(((short)3, (short)0, (short)13), advertised);
        Assert.Contains(((short)18, (short)0, (short)4), advertised);
    }

    [Fact]
    public async Task Invalid_client_software_name_gets_INVALID_REQUEST()
    {
        var response = await ExchangeAsync(3, new ApiVersionsRequest { ClientSoftwareName = "bad name!", ClientSoftwareVersion = "1.0" });
        Assert.Equal((short)ErrorCode.InvalidRequest, response.ErrorCode);
    }

    [Fact]
    public async Task Unsupported_version_of_an_api_with_a_top_level_error_code_gets_UNSUPPORTED_VERSION()
    {
        // A broker whose FindCoordinator handler stops at v2: a v3 request is answered in the v3
        // response shape with the error, and the connection stays usable.
        IApiHandler[] handlers = [new ApiVersionsHandler(), new MetadataHandler(), new Clients.NoCoordinatorHandler(highestVersion: 2)];
        await using var kafka = await EmbeddedKafka.StartAsync(new EmbeddedKafkaOptions { Handlers = handlers });
        using var connection = await RawKafkaConnection.ConnectAsync(kafka.Port);
        await connection.SendRequestAsync(10, 3, 5, new FindCoordinatorRequest { KeyType = 0, Key = "group" }, flexibleHeader: true);
        byte[]? frame = await connection.ReceiveFrameAsync();
        Assert.NotNull(frame);
        Assert.Equal(5, BinaryPrimitives.ReadInt32BigEndian(frame));
        var reader = new KafkaReader(frame.AsMemory(5));
        var response = FindCoordinatorResponse.Read(ref reader, 3);
        Assert.Equal((short)ErrorCode.UnsupportedVersion, response.ErrorCode);

        await connection.SendRequestAsync(18, 0, 6, new ApiVersionsRequest(), flexibleHeader: false);
        Assert.NotNull(await connection.ReceiveFrameAsync());
    }

    [Fact]
    public async Task Unsupported_version_without_a_top_level_error_code_closes_the_connection()
    {
        IApiHandler[] handlers = [new ApiVersionsHandler(), new MetadataHandler(), new Clients.NoCoordinatorHandler(highestVersion: 3)];
        await using var kafka = await EmbeddedKafka.StartAsync(new EmbeddedKafkaOptions { Handlers = handlers });
        using var connection = await RawKafkaConnection.ConnectAsync(kafka.Port);
        await connection.SendRequestAsync(10, 4, 5, new FindCoordinatorRequest { KeyType = 0, CoordinatorKeys = ["group"] }, flexibleHeader: true);
        Assert.True(await connection.IsClosedByBrokerAsync());
    }

    [Fact]
    public void A_handler_claiming_versions_beyond_the_spec_is_refused()
    {
        var exception = Assert.Throws<ArgumentException>(() => new ApiHandlerRegistry([new TooNewMetadataHandler()]));
        Assert.Contains("Metadata", exception.Message, StringComparison.Ordinal);
    }

    /// <summary>Sends one ApiVersions request and checks the response header is v0 whatever the request version.</summary>
    private async Task<ApiVersionsResponse> ExchangeAsync(short version, ApiVersionsRequest request)
    {
        using var connection = await RawKafkaConnection.ConnectAsync(_kafka.Port);
        await connection.SendRequestAsync(18, version, 1234, request, flexibleHeader: version >= 3);
        byte[]? frame = await connection.ReceiveFrameAsync();
        Assert.NotNull(frame);
        Assert.Equal(1234, BinaryPrimitives.ReadInt32BigEndian(frame));
        var reader = new KafkaReader(frame.AsMemory(4));
        var response = ApiVersionsResponse.Read(ref reader, version);
        Assert.Equal(0, reader.Remaining);
        return response;
    }

    private sealed class TooNewMetadataHandler : ApiHandler<MetadataRequest, MetadataResponse>
    {
        public override short ApiKey => 3;

        public override short LowestVersion => 0;

        public override short HighestVersion => 14;

        protected override ValueTask<MetadataResponse?> HandleAsync(RequestContext context, MetadataRequest request, CancellationToken cancellationToken) =>
            ValueTask.FromResult<MetadataResponse?>(null);
    }
}
