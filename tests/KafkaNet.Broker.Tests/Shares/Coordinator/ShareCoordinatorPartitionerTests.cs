using KafkaNet.Broker.Groups;
using KafkaNet.Broker.Shares;
using KafkaNet.Broker.Shares.Coordinator;

namespace KafkaNet.Broker.Tests.Shares.Coordinator;

/// <summary>Share-partitions land on the __share_group_state partition Kafka picks: abs(Java hash of "group:topicId:partition") % partitions.</summary>
public sealed class ShareCoordinatorPartitionerTests
{
    private static readonly Guid TopicId = ShareStateFixtures.Topic;

    [Theory]
    [InlineData("hello", 99162322)]
    [InlineData("Aa", 2112)]
    [InlineData("BB", 2112)]
    [InlineData("", 0)]
    [InlineData("polygenelubricants", int.MinValue)]
    [InlineData("sg:axwcUopHTT6aVR9bjC0OAQ:0", 80601481)]
    [InlineData("orders-share:axwcUopHTT6aVR9bjC0OAQ:7", -1781754291)]
    public void Coordinator_keys_hash_as_Java_strings(string key, int javaHash) => Assert.Equal(javaHash, GroupPartitioner.JavaStringHash(key));

    [Fact]
    public void The_key_carries_the_topic_id_in_Kafkas_base64_form()
    {
        Assert.Equal("sg:axwcUopHTT6aVR9bjC0OAQ:0", ShareCoordinatorPartitioner.CoordinatorKey(new SharePartitionKey("sg", TopicId, 0)));
    }

    [Theory]
    [InlineData("sg", 0, 50, 31)]
    [InlineData("sg", 1, 50, 32)]
    [InlineData("sg", 0, 3, 1)]
    [InlineData("orders-share", 7, 50, 41)]
    [InlineData("orders-share", 7, 3, 0)]
    public void Partition_is_the_abs_of_the_hash_modulo_the_partitions(string group, int partition, int partitions, int expected) =>
        Assert.Equal(expected, ShareCoordinatorPartitioner.PartitionFor(new SharePartitionKey(group, TopicId, partition), partitions));

    [Fact]
    public void The_minimum_hash_maps_to_partition_zero() => Assert.Equal(0, ShareCoordinatorPartitioner.PartitionFor("polygenelubricants", 7));

    [Fact]
    public void A_coordinator_key_parses_back_to_its_share_partition()
    {
        Assert.True(ShareCoordinatorPartitioner.TryParse("sg:axwcUopHTT6aVR9bjC0OAQ:12", out var key));
        Assert.Equal(new SharePartitionKey("sg", TopicId, 12), key);
    }

    [Theory]
    [InlineData("")]
    [InlineData("sg")]
    [InlineData("sg:axwcUopHTT6aVR9bjC0OAQ")]
    [InlineData(":axwcUopHTT6aVR9bjC0OAQ:0")]
    [InlineData("sg:not-a-topic-id:0")]
    [InlineData("sg:AAAAAAAAAAAAAAAAAAAAAA:0")]
    [InlineData("sg:axwcUopHTT6aVR9bjC0OAQ:-1")]
    [InlineData("sg:axwcUopHTT6aVR9bjC0OAQ:x")]
    [InlineData("a:b:axwcUopHTT6aVR9bjC0OAQ:0")]
    public void Malformed_keys_do_not_parse(string text) => Assert.False(ShareCoordinatorPartitioner.TryParse(text, out _));
}
