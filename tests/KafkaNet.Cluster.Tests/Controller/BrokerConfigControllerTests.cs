using KafkaNet.Protocol;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Cluster.Tests.Controller;

/// <summary>The controller's checks of dynamic broker configs before they reach the metadata log.</summary>
public sealed class BrokerConfigControllerTests
{
    private static IncrementalAlterConfigsRequest Set(string broker, params (string Name, string? Value)[] configs)
    {
        var resource = new IncrementalAlterConfigsRequest.AlterConfigsResource { ResourceType = 4, ResourceName = broker };
        foreach (var (name, value) in configs)
        {
            resource.Configs.Add(new() { Name = name, ConfigOperation = 0, Value = value });
        }
        var request = new IncrementalAlterConfigsRequest();
        request.Resources.Add(resource);
        return request;
    }

    private static async Task<(short Code, string? Message)> AlterAsync(ControllerHarness h, IncrementalAlterConfigsRequest request)
    {
        var result = Assert.Single((await h.Controller.IncrementalAlterConfigsAsync(request, 1)).Responses);
        return (result.ErrorCode, result.ErrorMessage);
    }

    [Fact]
    public async Task Dynamic_configs_are_stored_per_broker_and_as_the_cluster_default()
    {
        using var h = new ControllerHarness();
        await h.StartBrokersAsync(1);

        Assert.Equal(0, (await AlterAsync(h, Set("", ("log.retention.ms", "60000"), ("num.io.threads", "16")))).Code);
        Assert.Equal(0, (await AlterAsync(h, Set("1", ("advertised.listeners", "PLAINTEXT://127.0.0.1:9092")))).Code);

        Assert.Equal("60000", h.Image.ConfigsOf(new(4, ""))["log.retention.ms"]);
        Assert.Equal("PLAINTEXT://127.0.0.1:9092", h.Image.ConfigsOf(new(4, "1"))["advertised.listeners"]);
    }

    [Fact]
    public async Task Unknown_names_get_INVALID_CONFIG_and_nothing_is_stored()
    {
        using var h = new ControllerHarness();
        await h.StartBrokersAsync(1);

        var (code, message) = await AlterAsync(h, Set("", ("log.retention.ms", "1"), ("log.retention.days", "1")));

        Assert.Equal((short)ErrorCode.InvalidConfig, code);
        Assert.Equal("Unknown broker config name: log.retention.days", message);
        Assert.Empty(h.Image.ConfigsOf(new(4, "")));
    }

    [Fact]
    public async Task Read_only_configs_get_INVALID_REQUEST_naming_them()
    {
        using var h = new ControllerHarness();
        await h.StartBrokersAsync(1);

        var (code, message) = await AlterAsync(h, Set("1", ("log.dirs", "/x"), ("num.io.threads", "4")));

        Assert.Equal((short)ErrorCode.InvalidRequest, code);
        Assert.Equal("Cannot update these configs dynamically: Set(log.dirs)", message);
        Assert.Empty(h.Image.ConfigsOf(new(4, "1")));
    }

    [Fact]
    public async Task Per_broker_configs_are_refused_at_the_cluster_default()
    {
        using var h = new ControllerHarness();
        await h.StartBrokersAsync(1);

        var (code, message) = await AlterAsync(h, Set("", ("listeners", "PLAINTEXT://:9092")));

        Assert.Equal((short)ErrorCode.InvalidRequest, code);
        Assert.Equal("Cannot update these configs at default cluster level, broker id must be specified: listeners", message);
    }

    [Fact]
    public async Task Values_are_checked_by_type_and_range()
    {
        using var h = new ControllerHarness();
        await h.StartBrokersAsync(1);

        Assert.Equal((short)ErrorCode.InvalidConfig, (await AlterAsync(h, Set("", ("num.io.threads", "many")))).Code);
        Assert.Equal((short)ErrorCode.InvalidConfig, (await AlterAsync(h, Set("", ("log.segment.bytes", "1000")))).Code);
        Assert.Equal((short)ErrorCode.InvalidConfig, (await AlterAsync(h, Set("", ("unclean.leader.election.enable", "maybe")))).Code);
        Assert.Empty(h.Image.ConfigsOf(new(4, "")));
    }

    [Fact]
    public async Task An_unregistered_broker_id_gets_BROKER_ID_NOT_REGISTERED_and_a_non_number_INVALID_REQUEST()
    {
        using var h = new ControllerHarness();
        await h.StartBrokersAsync(1);

        Assert.Equal(((short)ErrorCode.BrokerIdNotRegistered, "No node with id 9 found."), await AlterAsync(h, Set("9", ("num.io.threads", "4"))));
        Assert.Equal((short)ErrorCode.InvalidRequest, (await AlterAsync(h, Set("abc", ("num.io.threads", "4")))).Code);
    }
}
