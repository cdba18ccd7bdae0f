using KafkaNet.Broker;
using KafkaNet.Cluster.Quorum;
using static KafkaNet.Cluster.Tests.Quorum.QuorumTestSupport;

namespace KafkaNet.Cluster.Tests.Quorum;

/// <summary>The format of a dynamic quorum's controller and the voter lists it reads, in Kafka's id@host:port:directory-id form.</summary>
public sealed class QuorumFormatterTests : IDisposable
{
    private readonly string _root = TempDirectory();

    public void Dispose() => DeleteQuietly(_root);

    [Fact]
    public void Initial_controllers_parse_in_Kafkas_form_with_IPv6_hosts()
    {
        var voters = QuorumFormatter.ParseInitialControllers("1@c1:9093:MvDxzVmcRsaTz33bUuRU6A, 2@[::1]:9094:07R5amHmR32VDA6jHkGbTA");

        Assert.Equal([1, 2], voters.Select(v => v.NodeId));
        Assert.Equal(("c1", 9093), (voters[0].Host, voters[0].Port));
        Assert.Equal(("::1", 9094), (voters[1].Host, voters[1].Port));
        Assert.Equal("MvDxzVmcRsaTz33bUuRU6A", KafkaUuid.Format(voters[0].DirectoryId));
        Assert.Equal(voters, voters.Select(v => QuorumMembershipFile.Parse(QuorumMembershipFile.Format(v))));
    }

    [Theory]
    [InlineData("c1:9093:MvDxzVmcRsaTz33bUuRU6A")]
    [InlineData("1@c1:9093")]
    [InlineData("1@c1:0:MvDxzVmcRsaTz33bUuRU6A")]
    [InlineData("x@c1:9093:MvDxzVmcRsaTz33bUuRU6A")]
    [InlineData("1@c1:9093:not-a-uuid")]
    [InlineData("-1@c1:9093:MvDxzVmcRsaTz33bUuRU6A")]
    public void A_malformed_entry_is_refused(string entry)
    {
        Assert.Throws<FormatException>(() => QuorumFormatter.ParseInitialControllers(entry));
    }

    [Fact]
    public void A_directory_is_formatted_once_and_names_its_initial_voters()
    {
        var directory = Path.Combine(_root, "__cluster_metadata-0");
        Assert.False(QuorumFormatter.IsFormatted(directory));
        var voter = new ControllerQuorumVoter(3, "127.0.0.1", 9093, Guid.NewGuid());

        QuorumFormatter.Format(directory, [voter]);

        Assert.True(QuorumFormatter.IsFormatted(directory));
        Assert.Equal([voter], QuorumMembershipFile.Read(directory));
        Assert.Throws<InvalidOperationException>(() => QuorumFormatter.Format(directory, []));
    }

    [Fact]
    public void A_controller_that_joins_later_is_formatted_with_no_voters_and_two_voters_cannot_share_an_id()
    {
        var joiner = Path.Combine(_root, "joiner");
        QuorumFormatter.Format(joiner, []);
        Assert.Empty(QuorumMembershipFile.Read(joiner)!);

        Assert.Throws<ArgumentException>(() => QuorumFormatter.Format(Path.Combine(_root, "twice"),
            [new ControllerQuorumVoter(1, "a", 1, Guid.NewGuid()), new ControllerQuorumVoter(1, "b", 2, Guid.NewGuid())]));
    }
}
