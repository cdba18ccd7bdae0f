namespace KafkaNet.Server.Tests;

public class ConsumerGroupConfigTests
{
    [Theory]
    [InlineData("group.consumer.session.timeout.ms", "30000", new string[0], "Must be greater than or equal to group.consumer.min.session.timeout.ms")]
    [InlineData("group.consumer.session.timeout.ms", "70000", new string[0], "Must be less than or equal to group.consumer.max.session.timeout.ms")]
    [InlineData("group.consumer.heartbeat.interval.ms", "20000", new string[0], "Must be less than or equal to group.consumer.max.heartbeat.interval.ms")]
    [InlineData("group.consumer.max.session.timeout.ms", "40000", new string[0], "Must be greater than or equal to group.consumer.min.session.timeout.ms")]
    [InlineData("group.consumer.heartbeat.interval.ms", "10000",
        new[] { "group.consumer.min.session.timeout.ms=10000", "group.consumer.session.timeout.ms=10000" },
        "Must be less than group.consumer.session.timeout.ms")]
    public void Consumer_group_timeouts_outside_their_bounds_stop_startup(string property, string value, string[] others, string reason)
    {
        var e = Props.Rejects(property, value, others);

        Assert.Equal(property, e.PropertyName);
        Assert.EndsWith(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Kafka_defaults_for_consumer_groups_fit_together()
    {
        var config = Props.Load("group.consumer.session.timeout.ms=60000", "group.consumer.heartbeat.interval.ms=15000");

        Assert.Equal(60000, (int)config.GetValue("group.consumer.session.timeout.ms")!);
    }
}
