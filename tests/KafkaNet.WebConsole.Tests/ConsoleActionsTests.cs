using Microsoft.Playwright;

namespace KafkaNet.WebConsole.Tests;

/// <summary>What the console changes, checked with Confluent.Kafka's admin client rather than through the console.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleActionsTests(ConsoleBroker broker)
{
    [Fact]
    public async Task A_topic_created_from_the_page_is_in_the_metadata()
    {
        const string topic = "created-from-console";
        await using var console = await ConsolePage.OpenAsync(broker);

        await console.GoAsync("/topics", "Topics");
        var form = console.Page.Locator("#create-topic");
        await form.Locator("input[name=name]").FillAsync(topic);
        await form.Locator("input[name=partitions]").FillAsync("3");
        await form.Locator("textarea[name=configs]").FillAsync("retention.ms=3600000\ncleanup.policy=compact");
        await form.Locator("button").ClickAsync();
        await Assertions.Expect(console.Page.Locator("#flash")).ToHaveTextAsync($"Topic {topic} created.");

        Assert.True(await Clients.TopicListedAsync(broker, topic, expected: true));
        using var admin = Clients.Admin(broker);
        var metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single();
        Assert.Equal(3, metadata.Partitions.Count);
        var configs = (await admin.DescribeConfigsAsync([new Confluent.Kafka.Admin.ConfigResource { Type = Confluent.Kafka.Admin.ResourceType.Topic, Name = topic }])).Single();
        Assert.Equal("3600000", configs.Entries["retention.ms"].Value);
        Assert.Equal("compact", configs.Entries["cleanup.policy"].Value);
        console.AssertNoErrors();
    }

    [Fact]
    public async Task A_topic_deleted_from_the_page_leaves_the_metadata()
    {
        const string topic = "deleted-from-console";
        await Clients.CreateTopicAsync(broker, topic);
        await using var console = await ConsolePage.OpenAsync(broker);

        await console.GoAsync("/topics/" + topic, topic);
        await console.Page.Locator("#delete-topic").ClickAsync();
        await console.Page.Locator("#confirm-delete").ClickAsync();
        await Assertions.Expect(console.Page.Locator("#flash")).ToHaveTextAsync($"Topic {topic} deleted.");

        Assert.False(await Clients.TopicListedAsync(broker, topic, expected: false));
        await Assertions.Expect(console.Main.Locator("tbody tr", new() { HasText = topic })).ToHaveCountAsync(0);
        console.AssertNoErrors();
    }

    [Fact]
    public async Task Resetting_an_empty_group_from_the_page_moves_its_committed_offsets()
    {
        const string topic = "to-replay";
        const string group = "replayer";
        await Clients.CreateTopicAsync(broker, topic);
        await Clients.ProduceValuesAsync(broker, topic, 8);
        Clients.Commit(broker, group, topic, 8);
        await using var console = await ConsolePage.OpenAsync(broker);

        await console.GoAsync("/groups/" + group, group);
        var form = console.Page.Locator("#reset-offsets");
        await form.Locator("select[name=to]").SelectOptionAsync("earliest");
        await form.Locator("button").ClickAsync();
        await Assertions.Expect(console.Page.Locator("#flash")).ToHaveTextAsync($"Offsets of {group} reset: {topic}-0 → 0.");
        Assert.Equal(0, await Clients.CommittedAsync(broker, group, topic));

        await form.Locator("select[name=topic]").SelectOptionAsync(topic);
        await form.Locator("select[name=to]").SelectOptionAsync("offset");
        await form.Locator("input[name=offset]").FillAsync("5");
        await form.Locator("button").ClickAsync();
        await Assertions.Expect(console.Page.Locator("#flash")).ToHaveTextAsync($"Offsets of {group} reset: {topic}-0 → 5.");
        Assert.Equal(5, await Clients.CommittedAsync(broker, group, topic));
        console.AssertNoErrors();
    }

    [Fact]
    public async Task A_group_with_members_cannot_be_reset_from_the_page()
    {
        const string topic = "busy";
        const string group = "busy-readers";
        await Clients.CreateTopicAsync(broker, topic);
        using var consumer = Clients.JoinedConsumer(broker, group, topic);
        await using var console = await ConsolePage.OpenAsync(broker);

        await console.GoAsync("/groups/" + group, group);
        await Assertions.Expect(console.Page.Locator("#reset-offsets button")).ToBeDisabledAsync();
        await Assertions.Expect(console.Main).ToContainTextAsync("Offsets can only be reset while the group is empty (its state is Stable)");
        console.AssertNoErrors();
        consumer.Close();
    }
}
