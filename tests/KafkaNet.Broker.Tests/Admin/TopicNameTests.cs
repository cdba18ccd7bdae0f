using KafkaNet.Broker.Topics;
using KafkaNet.Protocol;

namespace KafkaNet.Broker.Tests.Admin;

public sealed class TopicNameTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("orders")]
    [InlineData("my.topic_1-x")]
    [InlineData("__consumer_offsets")]
    [InlineData("..a")]
    public void Legal_names_are_accepted(string name) => Assert.False(TopicNames.Validate(name).IsError);

    [Fact]
    public void A_name_of_249_characters_is_accepted() => Assert.False(TopicNames.Validate(new string('x', 249)).IsError);

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("a b")]
    [InlineData("topic!")]
    [InlineData("é")]
    public void Illegal_names_get_INVALID_TOPIC_EXCEPTION(string name)
    {
        var error = TopicNames.Validate(name);
        Assert.Equal(ErrorCode.InvalidTopicException, error.Code);
        Assert.False(string.IsNullOrEmpty(error.Message));
    }

    [Fact]
    public void A_name_longer_than_249_characters_is_illegal()
    {
        var error = TopicNames.Validate(new string('x', 250));
        Assert.Equal(ErrorCode.InvalidTopicException, error.Code);
        Assert.Contains("249", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_differing_only_by_dot_and_underscore_collide()
    {
        Assert.Equal(TopicNames.CollisionKey("a.b_c"), TopicNames.CollisionKey("a_b.c"));
        Assert.NotEqual(TopicNames.CollisionKey("a.b"), TopicNames.CollisionKey("a-b"));
    }

    [Fact]
    public void Creating_a_colliding_topic_gets_INVALID_TOPIC_EXCEPTION_naming_the_existing_one()
    {
        using var dir = new TempDirectory();
        var registry = new TopicRegistry(dir.Path);
        Assert.False(registry.Create(new TopicSpec("metrics.cpu", 1, 1, []), validateOnly: false).Error.IsError);

        var error = registry.Create(new TopicSpec("metrics_cpu", 1, 1, []), validateOnly: false).Error;

        Assert.Equal(ErrorCode.InvalidTopicException, error.Code);
        Assert.Equal("Topic 'metrics_cpu' collides with existing topic: metrics.cpu", error.Message);
    }

    [Theory]
    [InlineData("__consumer_offsets", true)]
    [InlineData("__transaction_state", true)]
    [InlineData("orders", false)]
    public void Only_the_coordinator_topics_are_internal(string name, bool expected) => Assert.Equal(expected, TopicNames.IsInternal(name));
}
