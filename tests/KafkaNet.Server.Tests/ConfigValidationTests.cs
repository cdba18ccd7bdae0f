using KafkaNet.Server.Configuration;

namespace KafkaNet.Server.Tests;

public class ConfigValidationTests
{
    [Theory]
    [InlineData("node.id", "abc")]
    [InlineData("node.id", "-1")]
    [InlineData("node.id", "1.5")]
    [InlineData("num.partitions", "0")]
    [InlineData("num.partitions", "99999999999")]
    [InlineData("default.replication.factor", "0")]
    [InlineData("socket.request.max.bytes", "0")]
    [InlineData("message.max.bytes", "-1")]
    [InlineData("log.segment.bytes", "1024")]
    [InlineData("log.roll.hours", "0")]
    [InlineData("log.roll.ms", "0")]
    [InlineData("log.retention.ms", "forever")]
    [InlineData("log.retention.minutes", "9999999999")]
    [InlineData("log.retention.hours", "1h")]
    [InlineData("log.retention.bytes", "lots")]
    [InlineData("log.flush.interval.messages", "0")]
    [InlineData("log.flush.interval.ms", "-1")]
    [InlineData("connections.max.idle.ms", "-2")]
    [InlineData("offsets.topic.num.partitions", "0")]
    [InlineData("group.initial.rebalance.delay.ms", "-1")]
    [InlineData("transaction.max.timeout.ms", "0")]
    [InlineData("auto.create.topics.enable", "yes")]
    [InlineData("process.roles", "broker,worker")]
    [InlineData("process.roles", "broker,broker")]
    [InlineData("process.roles", " ")]
    [InlineData("log.dirs", " , ")]
    [InlineData("log.dirs", "/a,/a")]
    [InlineData("cluster.id", "has space")]
    [InlineData("inter.broker.listener.name", "")]
    [InlineData("controller.quorum.voters", "1@localhost")]
    [InlineData("controller.quorum.voters", "x@localhost:9093")]
    [InlineData("controller.listener.names", "CONTROLLER,CONTROLLER")]
    [InlineData("controller.quorum.voters", "1@localhost:9093,1@otherhost:9093")]
    [InlineData("controller.quorum.voters", "1@:9093")]
    [InlineData("controller.quorum.voters", "-1@localhost:9093")]
    [InlineData("controller.quorum.bootstrap.servers", "localhost")]
    [InlineData("controller.quorum.bootstrap.servers", "localhost:0")]
    [InlineData("min.insync.replicas", "0")]
    [InlineData("replica.fetch.max.bytes", "-1")]
    [InlineData("num.replica.fetchers", "0")]
    [InlineData("leader.imbalance.check.interval.seconds", "0")]
    [InlineData("broker.session.timeout.ms", "0")]
    [InlineData("unclean.leader.election.enable", "sometimes")]
    [InlineData("replica.lag.time.max.ms", "soon")]
    public void Invalid_value_names_property_and_value(string property, string value)
    {
        var e = Props.Rejects(property, value);

        Assert.Equal(property, e.PropertyName);
        Assert.StartsWith($"Invalid value {value} for configuration {property}: ", e.Message);
    }

    [Fact]
    public void Type_errors_say_what_was_expected()
    {
        Assert.Contains("Not a number of type INT", Props.Rejects("num.partitions", "x").Message);
        Assert.Contains("Not a number of type LONG", Props.Rejects("log.retention.bytes", "x").Message);
        Assert.Contains("true or false", Props.Rejects("auto.create.topics.enable", "x").Message);
        Assert.Contains("at least 1", Props.Rejects("num.partitions", "0").Message);
    }

    [Fact]
    public void Accepted_edge_values()
    {
        var config = Props.Load(
            "node.id=0",
            "message.max.bytes=0",
            "log.segment.bytes=1048576",
            "connections.max.idle.ms=-1",
            "process.roles=broker",
            "controller.quorum.voters=1@localhost:9093,2@[::1]:9093",
            "controller.listener.names=CONTROLLER",
            "cluster.id=MkU3OEVBNTcwNTJENDM2Qk");

        Assert.Equal(0, config.NodeId);
        Assert.Equal(["1@localhost:9093", "2@[::1]:9093"], config.ControllerQuorumVoters);
        Assert.Equal("MkU3OEVBNTcwNTJENDM2Qk", config.ClusterId);
    }

    [Fact]
    public void Unknown_properties_are_warnings_not_errors()
    {
        var result = Props.LoadResult("num.network.threads=3", "num.partitions=2", "zookeeper.connect=localhost:2181");

        Assert.Equal(2, result.Config.NumPartitions);
        Assert.Equal(
            ["Unknown property num.network.threads was ignored", "Unknown property zookeeper.connect was ignored"],
            result.Warnings);
    }

    [Fact]
    public void Property_names_are_case_sensitive()
    {
        var result = Props.LoadResult("Num.Partitions=2");

        Assert.Equal(1, result.Config.NumPartitions);
        Assert.Single(result.Warnings);
    }
}
