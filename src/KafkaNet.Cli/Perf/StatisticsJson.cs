using System.Text.Json;

namespace KafkaNet.Cli.Perf;

/// <summary>Reads the per-broker counters out of one librdkafka statistics report.</summary>
internal static class StatisticsJson
{
    /// <summary>
    /// Each broker object's name with its tx, rx, txbytes and rxbytes. The top-level totals are not
    /// used: librdkafka documents them as possibly lagging the sum of the brokers they cover.
    /// </summary>
    /// <exception cref="JsonException">The text is not a statistics object.</exception>
    public static IReadOnlyList<KeyValuePair<string, RequestCounts>> BrokerCounters(string json)
    {
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("A statistics report is a JSON object.");
        }

        if (!document.RootElement.TryGetProperty("brokers", out var brokers) || brokers.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        var counters = new List<KeyValuePair<string, RequestCounts>>();
        foreach (var broker in brokers.EnumerateObject())
        {
            if (broker.Value.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var counts = new RequestCounts(
                Counter(broker.Value, "tx"),
                Counter(broker.Value, "rx"),
                Counter(broker.Value, "txbytes"),
                Counter(broker.Value, "rxbytes"));
            counters.Add(new(broker.Name, counts));
        }

        return counters;
    }

    private static long Counter(JsonElement broker, string name) =>
        broker.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)
            ? number
            : 0;
}
