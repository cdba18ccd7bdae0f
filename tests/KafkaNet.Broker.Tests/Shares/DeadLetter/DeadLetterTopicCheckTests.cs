using KafkaNet.Broker.Shares.DeadLetter;

namespace KafkaNet.Broker.Tests.Shares.DeadLetter;

public sealed class DeadLetterTopicCheckTests
{
    private static readonly Dictionary<string, string> Permitted = new() { [DeadLetterConfigs.GroupEnable] = " TRUE " };

    [Fact]
    public void A_permitted_topic_with_the_prefix_may_be_used()
    {
        Assert.Null(DeadLetterTopicCheck.Refusal("g", "dlq.orders", "dlq.", Permitted, autoCreate: false));
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("  ", "is empty")]
    [InlineData(null, "is empty")]
    [InlineData("__dlq.orders", "cannot start with __")]
    [InlineData("orders", "does not comply with the DLQ topic prefix")]
    public void A_bad_name_is_refused(string? name, string reason)
    {
        string? refusal = DeadLetterTopicCheck.Refusal("g", name, "dlq.", Permitted, autoCreate: true);
        Assert.NotNull(refusal);
        Assert.Contains(reason, refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("false")]
    [InlineData("yes")]
    public void A_topic_without_the_permit_is_refused(string? permit)
    {
        var configs = permit is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [DeadLetterConfigs.GroupEnable] = permit };
        string? refusal = DeadLetterTopicCheck.Refusal("g", "dlq.orders", "dlq.", configs, autoCreate: true);
        Assert.Equal("DLQ is not enabled on configured DLQ topic for share group: g, topic: dlq.orders.", refusal);
    }

    [Fact]
    public void A_missing_topic_needs_auto_creation()
    {
        Assert.Equal("DLQ topic does not exist and auto create is disabled on cluster for share group: g, topic: dlq.orders.",
            DeadLetterTopicCheck.Refusal("g", "dlq.orders", "dlq.", topicConfigs: null, autoCreate: false));
        Assert.Null(DeadLetterTopicCheck.Refusal("g", "dlq.orders", "dlq.", topicConfigs: null, autoCreate: true));
    }

    [Fact]
    public void An_empty_prefix_allows_any_name_but_internal_ones()
    {
        Assert.Null(DeadLetterTopicCheck.Refusal("g", "orders-dead", "", Permitted, autoCreate: false));
        Assert.NotNull(DeadLetterTopicCheck.Refusal("g", "__orders", "", Permitted, autoCreate: false));
    }

    [Theory]
    [InlineData(0, 3, 0)]
    [InlineData(2, 3, 2)]
    [InlineData(7, 3, 1)]
    [InlineData(5, 1, 0)]
    public void The_dead_letter_partition_wraps_the_source_partition(int source, int partitions, int expected)
    {
        Assert.Equal(expected, DeadLetterTopicCheck.PartitionFor(source, partitions));
    }
}
