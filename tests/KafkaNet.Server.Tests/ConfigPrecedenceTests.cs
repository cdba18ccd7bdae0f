using KafkaNet.Server.Configuration;

namespace KafkaNet.Server.Tests;

public class ConfigPrecedenceTests
{
    [Fact]
    public void Broker_id_is_an_alias_of_node_id()
    {
        Assert.Equal(7, Props.Load("broker.id=7").NodeId);
        Assert.Equal(7, Props.Load("node.id=7").NodeId);
        Assert.Equal(7, Props.Load("node.id=7", "broker.id=07").NodeId);
    }

    [Fact]
    public void Different_node_id_and_broker_id_are_rejected()
    {
        var e = Assert.Throws<ConfigException>(() => Props.Load("node.id=1", "broker.id=2"));

        Assert.Contains("node.id", e.Message);
        Assert.Contains("broker.id=2", e.Message);
        Assert.Equal("node.id", e.PropertyName);
    }

    [Fact]
    public void Invalid_alias_value_is_reported_under_the_alias()
    {
        var e = Props.Rejects("broker.id", "abc");
        Assert.Equal("broker.id", e.PropertyName);
    }

    [Fact]
    public void Log_dir_is_an_alias_of_log_dirs()
    {
        Assert.Equal(["/var/kafka"], Props.Load("log.dir=/var/kafka").LogDirs);
        Assert.Equal(["/a", "/b"], Props.Load("log.dirs=/a, /b").LogDirs);
        Assert.Throws<ConfigException>(() => Props.Load("log.dir=/a", "log.dirs=/b"));
    }

    [Fact]
    public void Retention_ms_wins_over_minutes_and_hours()
    {
        var config = Props.Load("log.retention.hours=1", "log.retention.minutes=2", "log.retention.ms=3");
        Assert.Equal(3, config.LogRetentionMs);
    }

    [Fact]
    public void Retention_minutes_win_over_hours()
    {
        var config = Props.Load("log.retention.hours=1", "log.retention.minutes=2");
        Assert.Equal(2 * 60_000, config.LogRetentionMs);
    }

    [Fact]
    public void Retention_hours_apply_alone()
    {
        Assert.Equal(24L * 3_600_000, Props.Load("log.retention.hours=24").LogRetentionMs);
    }

    [Theory]
    [InlineData("log.retention.ms=-1")]
    [InlineData("log.retention.ms=-5")]
    [InlineData("log.retention.minutes=-1")]
    [InlineData("log.retention.hours=-1")]
    public void Negative_retention_means_unlimited(string property)
    {
        Assert.Equal(-1, Props.Load(property).LogRetentionMs);
    }

    [Theory]
    [InlineData("log.retention.ms")]
    [InlineData("log.retention.minutes")]
    [InlineData("log.retention.hours")]
    public void Zero_retention_is_rejected(string property)
    {
        var e = Props.Rejects(property, "0");
        Assert.Equal(property, e.PropertyName);
    }

    [Fact]
    public void Roll_ms_wins_over_roll_hours()
    {
        Assert.Equal(2L * 3_600_000, Props.Load("log.roll.hours=2").LogRollMs);
        Assert.Equal(500, Props.Load("log.roll.hours=2", "log.roll.ms=500").LogRollMs);
    }

    [Fact]
    public void Values_are_trimmed_and_booleans_ignore_case()
    {
        var config = Props.Load("num.partitions=  4  ", "auto.create.topics.enable=FALSE");
        Assert.Equal(4, config.NumPartitions);
        Assert.False(config.AutoCreateTopicsEnable);
    }

    [Fact]
    public void Flush_interval_ms_when_set()
    {
        Assert.Equal(1000, Props.Load("log.flush.interval.ms=1000").LogFlushIntervalMs);
    }
}
