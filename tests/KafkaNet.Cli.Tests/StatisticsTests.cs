using System.Text.Json;
using KafkaNet.Cli.Perf;

namespace KafkaNet.Cli.Tests;

public class StatisticsTests
{
    // The shape librdkafka reports: a bootstrap broker, the learned broker and the internal one,
    // with top-level totals that the tally must not add on top of the brokers.
    private const string Report = """
        {
          "name": "rdkafka#producer-1", "type": "producer", "tx": 999, "rx": 999,
          "brokers": {
            "127.0.0.1:9092/bootstrap": { "name": "127.0.0.1:9092/bootstrap", "nodeid": -1, "tx": 3, "rx": 3, "txbytes": 300, "rxbytes": 900 },
            "localhost:9092/1": { "name": "localhost:9092/1", "nodeid": 1, "tx": 120, "rx": 118, "txbytes": 1048576, "rxbytes": 7000,
                                  "req": { "Produce": 115, "Metadata": 5 } },
            ":0/internal": { "name": ":0/internal", "nodeid": -1, "tx": 0, "rx": 0, "txbytes": 0, "rxbytes": 0 }
          },
          "topics": {}
        }
        """;

    private static string Broker(string name, long tx, long rx) =>
        $$"""{ "brokers": { "{{name}}": { "tx": {{tx}}, "rx": {{rx}}, "txbytes": {{tx * 10}}, "rxbytes": {{rx * 100}} } } }""";

    [Fact]
    public void Counters_are_read_for_every_broker()
    {
        var brokers = StatisticsJson.BrokerCounters(Report);

        Assert.Equal(3, brokers.Count);
        Assert.Equal(new RequestCounts(120, 118, 1_048_576, 7000), brokers.Single(b => b.Key == "localhost:9092/1").Value);
        Assert.Equal(new RequestCounts(3, 3, 300, 900), brokers.Single(b => b.Key == "127.0.0.1:9092/bootstrap").Value);
    }

    [Fact]
    public void A_report_without_brokers_has_no_counters()
    {
        Assert.Empty(StatisticsJson.BrokerCounters("""{ "name": "x", "tx": 5 }"""));
    }

    [Fact]
    public void Text_that_is_not_a_report_is_rejected()
    {
        Assert.ThrowsAny<JsonException>(() => StatisticsJson.BrokerCounters("[1, 2]"));
        Assert.ThrowsAny<JsonException>(() => StatisticsJson.BrokerCounters("{ \"brokers\": "));
    }

    [Fact]
    public void The_total_sums_the_brokers_and_ignores_the_top_level_totals()
    {
        var tally = new RequestTally(100);

        tally.Observe(Report);

        Assert.Equal(new RequestCounts(123, 121, 1_048_876, 7900), tally.Total);
        Assert.Equal(1, tally.Reports);
    }

    [Fact]
    public void A_later_report_replaces_a_brokers_counters_rather_than_adding_to_them()
    {
        var tally = new RequestTally(100);

        tally.Observe(Broker("b/1", 10, 9));
        tally.Observe(Broker("b/1", 25, 25));

        Assert.Equal(25, tally.Total.Requests);
        Assert.Equal(25, tally.Total.Responses);
    }

    [Fact]
    public void A_broker_missing_from_a_later_report_keeps_its_counts()
    {
        var tally = new RequestTally(100);

        tally.Observe(Broker("bootstrap", 4, 4));
        tally.Observe(Broker("b/1", 50, 50));

        Assert.Equal(54, tally.Total.Requests);
    }

    [Fact]
    public void A_counter_that_goes_down_is_a_new_broker_object_and_the_old_counts_stay()
    {
        var tally = new RequestTally(100);

        tally.Observe(Broker("b/1", 40, 40));
        tally.Observe(Broker("b/1", 5, 5));

        Assert.Equal(45, tally.Total.Requests);
        Assert.Equal(450, tally.Total.RequestBytes);
        Assert.Equal(4500, tally.Total.ResponseBytes);
    }

    [Fact]
    public void Final_waits_for_two_reports_made_after_it_was_called()
    {
        var tally = new RequestTally(10);
        tally.Observe(Broker("b/1", 1, 1));
        var pumped = 0;

        var final = tally.Final(_ => tally.Observe(Broker("b/1", 10 * ++pumped, 10 * pumped)));

        Assert.Equal(2, pumped);
        Assert.Equal(20, final?.Requests);
    }

    [Fact]
    public void Final_is_null_when_statistics_are_disabled()
    {
        var tally = new RequestTally(0);
        var pumped = false;

        Assert.Null(tally.Final(_ => pumped = true));
        Assert.False(pumped);
    }

    [Fact]
    public void Final_gives_up_in_bounded_time_and_keeps_what_was_reported()
    {
        var tally = new RequestTally(1);
        tally.Observe(Broker("b/1", 7, 7));
        var started = DateTime.UtcNow;

        var final = tally.Final(Thread.Sleep);

        Assert.Equal(7, final?.Requests);
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void The_interval_comes_from_the_client_config_and_the_user_may_turn_it_off()
    {
        Assert.Null(RequestTally.For(new Dictionary<string, string> { [RequestTally.IntervalKey] = "0" }).Final(_ => { }));
        Assert.Null(RequestTally.For(new Dictionary<string, string>()).Final(_ => { }));
    }

    [Fact]
    public void Counts_of_two_clients_add_up_and_a_missing_side_is_no_count()
    {
        var producer = new RequestCounts(10, 10, 1000, 100);
        var consumer = new RequestCounts(5, 4, 50, 5000);

        Assert.Equal(new RequestCounts(15, 14, 1050, 5100), RequestCounts.Sum(producer, consumer));
        Assert.Equal(producer, RequestCounts.Sum(producer, null));
        Assert.Null(RequestCounts.Sum(null, null));
    }
}
