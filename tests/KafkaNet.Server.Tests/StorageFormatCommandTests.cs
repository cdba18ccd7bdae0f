using KafkaNet.Broker;

namespace KafkaNet.Server.Tests;

/// <summary><c>kafkanet-server format</c>, as kafka-storage.sh format: meta.properties, and a dynamic quorum's initial voters.</summary>
public sealed class StorageFormatCommandTests : IDisposable
{
    private const string ClusterId = "MkU3OEVBNTcwNTJENDM2Qk";
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "kafkanet-format-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private string VotersFile => Path.Combine(_dataDirectory, "__cluster_metadata-0", "quorum-voters");

    private string[] DynamicController(params string[] extra) =>
    [
        "--override", "process.roles=controller", "--override", "node.id=1",
        "--override", "controller.quorum.bootstrap.servers=127.0.0.1:19093", "--override", "controller.listener.names=CONTROLLER",
        "--override", "listeners=CONTROLLER://127.0.0.1:19093", "--override", "listener.security.protocol.map=CONTROLLER:PLAINTEXT",
        "--override", "log.dirs=" + _dataDirectory, "--cluster-id", ClusterId, .. extra,
    ];

    [Fact]
    public async Task Standalone_formats_a_quorum_of_this_controller_with_its_directory_id_once()
    {
        Assert.Equal(0, await StorageFormatCommand.RunAsync(DynamicController("--standalone")));

        var directoryId = MetaProperties.ReadDirectoryId(_dataDirectory);
        Assert.NotNull(directoryId);
        Assert.Equal(ClusterId, MetaProperties.LoadOrCreateClusterId(_dataDirectory, 1, null));
        Assert.Equal([$"1@127.0.0.1:19093:{KafkaUuid.Format(directoryId!.Value)}"], File.ReadAllLines(VotersFile));

        // Formatted already: refused, unless told to ignore it.
        Assert.Equal(1, await StorageFormatCommand.RunAsync(DynamicController("--standalone")));
        Assert.Equal(0, await StorageFormatCommand.RunAsync(DynamicController("--standalone", "--ignore-formatted")));
    }

    [Fact]
    public async Task Initial_controllers_give_this_controller_the_directory_id_they_name()
    {
        const string List = "1@127.0.0.1:19093:MvDxzVmcRsaTz33bUuRU6A,2@127.0.0.1:19094:07R5amHmR32VDA6jHkGbTA";

        Assert.Equal(0, await StorageFormatCommand.RunAsync(DynamicController("--initial-controllers", List)));

        Assert.Equal("MvDxzVmcRsaTz33bUuRU6A", KafkaUuid.Format(MetaProperties.ReadDirectoryId(_dataDirectory)!.Value));
        Assert.Equal(List.Split(','), File.ReadAllLines(VotersFile));
    }

    [Fact]
    public async Task A_controller_that_joins_later_is_formatted_with_no_voters()
    {
        Assert.Equal(0, await StorageFormatCommand.RunAsync(DynamicController("--no-initial-controllers")));

        Assert.Empty(File.ReadAllLines(VotersFile));
    }

    [Theory]
    [InlineData]
    [InlineData("--standalone", "--no-initial-controllers")]
    [InlineData("--initial-controllers", "1@127.0.0.1:19093")]
    public async Task A_dynamic_controller_needs_exactly_one_well_formed_choice_of_initial_voters(params string[] choice)
    {
        Assert.Equal(2, await StorageFormatCommand.RunAsync(DynamicController(choice)));
        Assert.False(File.Exists(Path.Combine(_dataDirectory, MetaProperties.FileName)));
    }

    [Fact]
    public async Task Static_voters_refuse_a_dynamic_choice_and_format_only_meta_properties()
    {
        string[] staticController =
        [
            "--override", "process.roles=controller", "--override", "node.id=1", "--override", "controller.quorum.voters=1@127.0.0.1:19093",
            "--override", "controller.listener.names=CONTROLLER", "--override", "listeners=CONTROLLER://127.0.0.1:19093",
            "--override", "listener.security.protocol.map=CONTROLLER:PLAINTEXT", "--override", "log.dirs=" + _dataDirectory, "--cluster-id", ClusterId,
        ];

        Assert.Equal(2, await StorageFormatCommand.RunAsync([.. staticController, "--standalone"]));
        Assert.Equal(0, await StorageFormatCommand.RunAsync(staticController));
        Assert.True(File.Exists(Path.Combine(_dataDirectory, MetaProperties.FileName)));
        Assert.False(File.Exists(VotersFile));
    }

    [Fact]
    public async Task A_cluster_id_is_required()
    {
        Assert.Equal(2, await StorageFormatCommand.RunAsync(["--override", "log.dirs=" + _dataDirectory]));
    }
}
