using Microsoft.Playwright;

namespace KafkaNet.WebConsole.Tests;

/// <summary>Every page of the console in a real browser: it loads without errors and shows what the broker holds.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsolePagesTests(ConsoleBroker broker)
{
    [Fact]
    public async Task Every_page_loads_without_errors()
    {
        const string topic = "orders";
        const string group = "billing";
        await Clients.CreateTopicAsync(broker, topic);
        await Clients.ProduceAsync(broker, topic,
            ("order-1", """{"id":1,"item":"book","quantity":2}""", [("source", "web"), ("trace-id", "7f3a")]),
            ("order-2", """{"id":2,"item":"lamp","quantity":1}""", [("source", "app")]),
            ("order-3", "not json at all", []));
        Clients.Commit(broker, group, topic, 1);
        using var consumer = Clients.JoinedConsumer(broker, group, topic);
        await using var console = await ConsolePage.OpenAsync(broker);

        await console.GoAsync("/brokers", "Brokers");
        await Assertions.Expect(console.Main.Locator("tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(console.Main).ToContainTextAsync(broker.Kafka.Broker.ClusterId);
        await console.ScreenshotAsync("brokers");

        await console.GoAsync("/brokers/1", "Broker 1");
        await Assertions.Expect(console.Main).ToContainTextAsync("log.retention.hours");
        await console.ScreenshotAsync("broker");

        await console.GoAsync("/topics", "Topics");
        await Assertions.Expect(console.Main.Locator("tbody tr", new() { HasText = topic })).ToHaveCountAsync(1);
        await console.ScreenshotAsync("topics");

        await console.GoAsync("/topics/" + topic, topic);
        var partition = console.Main.Locator("tbody tr").First;
        await Assertions.Expect(partition.Locator("td").Nth(1)).ToHaveTextAsync("1");
        await Assertions.Expect(partition.Locator("td").Nth(5)).ToHaveTextAsync("3");
        await Assertions.Expect(console.Main).ToContainTextAsync("cleanup.policy");
        await console.ScreenshotAsync("topic");

        await console.GoAsync($"/topics/{topic}/messages?partition=0&mode=earliest&format=json", "Messages of " + topic);
        await Assertions.Expect(console.Main.Locator("td.value")).ToHaveCountAsync(3);
        await console.ScreenshotAsync("messages");

        await console.GoAsync("/groups", "Consumer groups");
        await Assertions.Expect(console.Main.Locator("tbody tr", new() { HasText = group })).ToContainTextAsync("Stable");
        await console.ScreenshotAsync("groups");

        await console.GoAsync("/groups/" + group, group);
        await Assertions.Expect(console.Main).ToContainTextAsync("console-test");
        await Assertions.Expect(console.Main).ToContainTextAsync(topic + "-0");
        await console.ScreenshotAsync("group");

        await console.GoAsync("/security", "ACLs & quotas");
        await Assertions.Expect(console.Page.Locator("#security-message")).ToContainTextAsync("No authorizer is configured");
        await console.ScreenshotAsync("security");

        console.AssertNoErrors();
        consumer.Close();
    }

    [Fact]
    public async Task A_produced_record_shows_its_key_value_and_headers()
    {
        const string topic = "browse-me";
        await Clients.CreateTopicAsync(broker, topic);
        await Clients.ProduceAsync(broker, topic, ("customer-42", """{"name":"Ada","tags":["a","b"]}""", [("source", "checkout")]));
        await using var console = await ConsolePage.OpenAsync(broker);

        await console.GoAsync($"/topics/{topic}/messages", "Messages of " + topic);
        var row = console.Main.Locator("tbody tr").First;
        await Assertions.Expect(row.Locator("td.key")).ToHaveTextAsync("customer-42");
        await Assertions.Expect(row.Locator("td.value")).ToHaveTextAsync("""{"name":"Ada","tags":["a","b"]}""");
        await Assertions.Expect(row.Locator("td.headers")).ToHaveTextAsync("source: checkout");

        await console.Page.Locator("#browse select[name=format]").SelectOptionAsync("json");
        await console.Page.Locator("#browse button").ClickAsync();
        await Assertions.Expect(row.Locator("td.value pre")).ToHaveTextAsync("{\n  \"name\": \"Ada\",\n  \"tags\": [\n    \"a\",\n    \"b\"\n  ]\n}");

        await console.Page.Locator("#browse select[name=format]").SelectOptionAsync("hex");
        await console.Page.Locator("#browse button").ClickAsync();
        await Assertions.Expect(row.Locator("td.key")).ToHaveTextAsync("63 75 73 74 6f 6d 65 72 2d 34 32");
        console.AssertNoErrors();
    }

    [Fact]
    public async Task Browsing_starts_at_an_offset_or_a_time()
    {
        const string topic = "browse-from";
        await Clients.CreateTopicAsync(broker, topic);
        await Clients.ProduceValuesAsync(broker, topic, 5);
        await using var console = await ConsolePage.OpenAsync(broker);

        await console.GoAsync($"/topics/{topic}/messages?partition=0&mode=offset&at=3", "Messages of " + topic);
        await Assertions.Expect(console.Main.Locator("tbody tr td:first-child")).ToHaveTextAsync(["3", "4"]);

        await console.GoAsync($"/topics/{topic}/messages?partition=0&mode=timestamp&at=2000-01-01T00:00:00Z", "Messages of " + topic);
        await Assertions.Expect(console.Main.Locator("tbody tr td:first-child")).ToHaveTextAsync(["0", "1", "2", "3", "4"]);

        await console.GoAsync($"/topics/{topic}/messages?partition=0&mode=timestamp&at=2999-01-01T00:00:00Z", "Messages of " + topic);
        await Assertions.Expect(console.Main).ToContainTextAsync("No records from here.");
        console.AssertNoErrors();
    }

    [Fact]
    public async Task A_group_page_shows_the_lag_of_each_partition()
    {
        const string topic = "lagging";
        const string group = "slow-readers";
        await Clients.CreateTopicAsync(broker, topic);
        await Clients.ProduceValuesAsync(broker, topic, 10);
        Clients.Commit(broker, group, topic, 4);
        await using var console = await ConsolePage.OpenAsync(broker);

        await console.GoAsync("/groups/" + group, group);
        var row = console.Main.Locator("tbody tr", new() { HasText = topic });
        await Assertions.Expect(row.Locator("td")).ToHaveTextAsync([topic, "0", "4", "10", "6", "–"]);
        await Assertions.Expect(console.Main.Locator("dl.facts")).ToContainTextAsync("Total lag6");
        console.AssertNoErrors();
    }
}
