using KafkaNet.Embedded;
using KafkaNet.Protocol;
using static KafkaNet.Broker.Tests.Quotas.QuotaWire;

namespace KafkaNet.Broker.Tests.Quotas;

/// <summary>AlterClientQuotas and DescribeClientQuotas over real sockets: Kafka's checks and filter semantics.</summary>
public sealed class ClientQuotaApiTests : IAsyncLifetime
{
    private const sbyte Exact = 0;
    private const sbyte Default = 1;
    private const sbyte Any = 2;

    private EmbeddedKafka _kafka = null!;

    private int Port => _kafka.Port;

    public async Task InitializeAsync() => _kafka = await EmbeddedKafka.StartAsync();

    public async Task DisposeAsync() => await _kafka.DisposeAsync();

    [Fact]
    public async Task Quotas_set_for_users_clients_and_defaults_are_described_by_exact_default_and_any_filters()
    {
        Assert.Equal(0, (await SetAsync(Port, [("user", "filter-alice")], ("producer_byte_rate", 1048576), ("consumer_byte_rate", 2097152))).ErrorCode);
        Assert.Equal(0, (await SetAsync(Port, [("user", "filter-alice"), ("client-id", "filter-app")], ("request_percentage", 50.5))).ErrorCode);
        Assert.Equal(0, (await SetAsync(Port, [("user", "filter-alice"), ("client-id", null)], ("producer_byte_rate", 1000))).ErrorCode);
        Assert.Equal(0, (await SetAsync(Port, [("client-id", "filter-app")], ("controller_mutation_rate", 2.5))).ErrorCode);

        Assert.Equal(
        [
            "client-id=<default>,user=filter-alice: producer_byte_rate=1000",
            "client-id=filter-app,user=filter-alice: request_percentage=50.5",
            "user=filter-alice: consumer_byte_rate=2097152,producer_byte_rate=1048576",
        ], Lines(await DescribeAsync(Port, strict: false, ("user", Exact, "filter-alice"))));
        Assert.Equal(["user=filter-alice: consumer_byte_rate=2097152,producer_byte_rate=1048576"],
            Lines(await DescribeAsync(Port, strict: true, ("user", Exact, "filter-alice"))));
        Assert.Equal(["client-id=<default>,user=filter-alice: producer_byte_rate=1000"],
            Lines(await DescribeAsync(Port, strict: true, ("user", Exact, "filter-alice"), ("client-id", Default, null))));
        Assert.Equal(
        [
            "client-id=<default>,user=filter-alice: producer_byte_rate=1000",
            "client-id=filter-app,user=filter-alice: request_percentage=50.5",
        ], Lines(await DescribeAsync(Port, strict: true, ("user", Exact, "filter-alice"), ("client-id", Any, null))));
        Assert.Contains("client-id=filter-app: controller_mutation_rate=2.5", Lines(await DescribeAsync(Port, strict: true, ("client-id", Any, null))));
    }

    [Fact]
    public async Task Removing_keys_and_validate_only_change_what_describe_shows()
    {
        await SetAsync(Port, [("user", "removed")], ("producer_byte_rate", 100), ("consumer_byte_rate", 200));

        var validated = await AlterAsync(Port, [("user", "removed")], [("producer_byte_rate", 0, true)], validateOnly: true);
        Assert.Equal(0, validated.ErrorCode);
        Assert.Equal(["user=removed: consumer_byte_rate=200,producer_byte_rate=100"], Lines(await DescribeAsync(Port, strict: true, ("user", Exact, "removed"))));

        await AlterAsync(Port, [("user", "removed")], [("producer_byte_rate", 0, true), ("consumer_byte_rate", 0, true)]);
        Assert.Empty(Lines(await DescribeAsync(Port, strict: true, ("user", Exact, "removed"))));
    }

    [Theory]
    [InlineData("user", "checked", "unknown_rate", 1.0, "Invalid configuration key unknown_rate")]
    [InlineData("user", "checked", "connection_creation_rate", 1.0, "Invalid configuration key connection_creation_rate")]
    [InlineData("ip", "127.0.0.1", "producer_byte_rate", 1.0, "Invalid configuration key producer_byte_rate")]
    [InlineData("ip", "not an ip", "connection_creation_rate", 1.0, "not an ip is not a valid IP or resolvable host.")]
    [InlineData("group", "g", "producer_byte_rate", 1.0, "Unhandled client quota entity type: group")]
    [InlineData("user", "checked", "producer_byte_rate", 1.5, "Configuration producer_byte_rate must be a Long value")]
    [InlineData("user", "checked", "producer_byte_rate", -1.0, "Quota producer_byte_rate must be positive, not -1")]
    public async Task Invalid_entities_keys_and_values_are_refused_with_invalid_request(string type, string name, string key, double value, string message)
    {
        var result = await SetAsync(Port, [(type, name)], (key, value));

        Assert.Equal(((short)ErrorCode.InvalidRequest, message), (result.ErrorCode, result.ErrorMessage));
        Assert.Equal([(type, (string?)name)], result.Entity.Select(e => (e.EntityType, e.EntityName)));
    }

    [Fact]
    public async Task An_ip_entity_with_a_user_is_refused_and_an_ip_default_takes_the_connection_rate()
    {
        var mixed = await SetAsync(Port, [("user", "u"), ("ip", "127.0.0.1")], ("connection_creation_rate", 5));
        var ip = await SetAsync(Port, [("ip", null)], ("connection_creation_rate", 5));

        Assert.Equal((short)ErrorCode.InvalidRequest, mixed.ErrorCode);
        Assert.Equal(0, ip.ErrorCode);
        Assert.Equal(["ip=<default>: connection_creation_rate=5"], Lines(await DescribeAsync(Port, strict: true, ("ip", Default, null))));
    }

    [Theory]
    [InlineData("user", Exact, null, "Request specified MATCH_TYPE_EXACT, but set match string to null.")]
    [InlineData("user", Default, "x", "Request specified MATCH_TYPE_DEFAULT, but also specified a match string.")]
    [InlineData("user", (sbyte)7, null, "Unknown match type 7")]
    public async Task A_bad_filter_is_answered_with_invalid_request(string type, sbyte matchType, string? match, string message)
    {
        var response = await DescribeAsync(Port, strict: false, (type, matchType, match));

        Assert.Equal(((short)ErrorCode.InvalidRequest, message), (response.ErrorCode, response.ErrorMessage));
        Assert.Null(response.Entries);
    }

    [Fact]
    public async Task A_filter_naming_a_type_twice_or_ip_with_user_is_refused()
    {
        var twice = await DescribeAsync(Port, strict: false, ("user", Any, null), ("user", Default, null));
        var mixed = await DescribeAsync(Port, strict: false, ("user", Any, null), ("ip", Any, null));

        Assert.Equal(((short)ErrorCode.InvalidRequest, "Entity type user cannot appear more than once in the filter."), (twice.ErrorCode, twice.ErrorMessage));
        Assert.Equal((short)ErrorCode.InvalidRequest, mixed.ErrorCode);
    }
}
