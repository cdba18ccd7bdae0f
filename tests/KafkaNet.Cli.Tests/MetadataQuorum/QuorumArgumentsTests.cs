using KafkaNet.Broker;
using KafkaNet.Cli.Arguments;
using KafkaNet.Cli.MetadataQuorum;

namespace KafkaNet.Cli.Tests.MetadataQuorum;

public class QuorumArgumentsTests
{
    private const string DirectoryId = "_KWDkTahTVaiVVVTaugNew";

    private static QuorumArguments Parse(string line) => QuorumArguments.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public void Describe_status_through_brokers_tries_each_server_in_order()
    {
        var parsed = Parse("--bootstrap-server h1:9092,[::1]:9093 describe --status");

        Assert.Equal(QuorumCommand.DescribeStatus, parsed.Command);
        Assert.False(parsed.ToControllers);
        Assert.Equal([new QuorumEndpoint("h1", 9092), new QuorumEndpoint("::1", 9093)], parsed.Bootstrap);
        Assert.Null(parsed.CommandConfig);
    }

    [Fact]
    public void Describe_replication_through_a_controller_with_human_readable_times()
    {
        var parsed = Parse("--bootstrap-controller c:9093 --command-config admin.properties describe --replication --human-readable");

        Assert.Equal(QuorumCommand.DescribeReplication, parsed.Command);
        Assert.True(parsed.ToControllers);
        Assert.True(parsed.HumanReadable);
        Assert.Equal("admin.properties", parsed.CommandConfig);
    }

    [Fact]
    public void Add_controller_takes_the_controller_properties_and_dry_run()
    {
        var parsed = Parse("--bootstrap-controller c:9093 --command-config controller.properties add-controller --dry-run");

        Assert.Equal(QuorumCommand.AddController, parsed.Command);
        Assert.True(parsed.DryRun);
    }

    [Theory]
    [InlineData("--bootstrap-server h:1 remove-controller --controller-id 3 --controller-directory-id " + DirectoryId)]
    [InlineData("--bootstrap-server h:1 remove-controller -i 3 -d " + DirectoryId)]
    [InlineData("remove-controller --controller-directory-id " + DirectoryId + " --bootstrap-server h:1 --controller-id 3")]
    public void Remove_controller_takes_the_id_and_directory_id_long_or_short(string line)
    {
        var parsed = Parse(line);

        Assert.Equal(QuorumCommand.RemoveController, parsed.Command);
        Assert.Equal(3, parsed.ControllerId);
        Assert.Equal(DirectoryId, KafkaUuid.Format(parsed.ControllerDirectoryId));
        Assert.False(parsed.DryRun);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("--bootstrap-server h:1 describe -h")]
    public void Help_is_recognised_anywhere(string line)
    {
        Assert.Equal(QuorumCommand.Help, Parse(line).Command);
    }

    [Theory]
    [InlineData("", "No metadata-quorum command")]
    [InlineData("--bootstrap-server h:1", "No metadata-quorum command")]
    [InlineData("--bootstrap-server h:1 status", "Unknown metadata-quorum command 'status'")]
    [InlineData("describe --status", "One of --bootstrap-server or --bootstrap-controller is required")]
    [InlineData("--bootstrap-server h:1 --bootstrap-controller c:2 describe --status", "Only one of --bootstrap-server or --bootstrap-controller")]
    [InlineData("--bootstrap-server h describe --status", "HOST:PORT")]
    [InlineData("--bootstrap-server", "--bootstrap-server needs a value")]
    [InlineData("--bootstrap-server h:1 --command-config describe", "No metadata-quorum command")]
    [InlineData("--bootstrap-server h:1 --verbose describe --status", "Unknown option '--verbose' for metadata-quorum.")]
    [InlineData("--bootstrap-server h:1 --status describe", "Unknown option '--status' for metadata-quorum.")]
    [InlineData("--bootstrap-server h:1 describe", "One of --status or --replication must be specified")]
    [InlineData("--bootstrap-server h:1 describe --status --replication", "Only one of --status or --replication should be specified")]
    [InlineData("--bootstrap-server h:1 describe --status --human-readable", "--human-readable is only supported along with --replication")]
    [InlineData("--bootstrap-server h:1 describe --replication --dry-run", "Unknown option '--dry-run' for metadata-quorum describe")]
    [InlineData("--bootstrap-server h:1 describe --status extra", "Unexpected argument 'extra'")]
    [InlineData("--bootstrap-server h:1 add-controller", "You must supply the configuration file of the controller")]
    [InlineData("--bootstrap-server h:1 --command-config c.properties add-controller --controller-id 1", "Unknown option '--controller-id' for metadata-quorum add-controller")]
    [InlineData("--bootstrap-server h:1 remove-controller --controller-directory-id " + DirectoryId, "--controller-id is required")]
    [InlineData("--bootstrap-server h:1 remove-controller --controller-id 1", "--controller-directory-id is required")]
    [InlineData("--bootstrap-server h:1 remove-controller --controller-id -1 -d " + DirectoryId, "--controller-id must be an integer from 0")]
    [InlineData("--bootstrap-server h:1 remove-controller --controller-id 1 -d not-an-id", "Failed to parse --controller-directory-id")]
    [InlineData("--bootstrap-server h:1 remove-controller --controller-id 1 -d AAAAAAAAAAAAAAAAAAAAAA", "Failed to parse --controller-directory-id")]
    [InlineData("--bootstrap-server h:1 remove-controller --controller-id 1 -d " + DirectoryId + " --status", "Unknown option '--status' for metadata-quorum remove-controller")]
    public void Invalid_arguments_are_refused_with_a_reason(string line, string reason)
    {
        var error = Assert.Throws<UsageException>(() => Parse(line));

        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public async Task Invalid_arguments_exit_1_with_the_reason_and_usage_on_stderr()
    {
        var run = await QuorumCommandRun.RunAsync("--bootstrap-server", "h:1", "describe");

        Assert.Equal(1, run.Exit);
        Assert.Empty(run.Out);
        Assert.StartsWith("error: One of --status or --replication must be specified", run.Error);
        Assert.Contains("kafkanet metadata-quorum (--bootstrap-server", run.Error);
    }

    [Fact]
    public async Task Help_exits_0_with_usage_on_stdout()
    {
        var run = await QuorumCommandRun.RunAsync("--help");

        Assert.Equal(0, run.Exit);
        Assert.Contains("remove-controller --controller-id ID --controller-directory-id DIRECTORY_ID", run.Out);
        Assert.Empty(run.Error);
    }

    [Fact]
    public async Task An_unreachable_cluster_exits_1()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var run = await QuorumCommandRun.RunAsync("--bootstrap-server", $"127.0.0.1:{port}", "describe", "--status");

        Assert.Equal(1, run.Exit);
        Assert.StartsWith("error: Cannot reach the cluster: 127.0.0.1:" + port, run.Error);
    }
}
