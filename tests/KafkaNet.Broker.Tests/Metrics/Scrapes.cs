using System.Diagnostics;

namespace KafkaNet.Broker.Tests.Metrics;

/// <summary>Scrapes of a broker's /metrics, parsed, and the values the metrics tests look up in them.</summary>
internal static class Scrapes
{
    public static async Task<List<PrometheusSample>> GetAsync(HttpClient http, Uri endpoint) =>
        PrometheusText.Parse(await http.GetStringAsync(new Uri(endpoint, "/metrics")));

    /// <summary>
    /// Scrapes until <paramref name="done"/> holds, for at most 10 s, and returns the last scrape: a request's times are
    /// recorded once its response is written, so the client can see the answer before the broker has counted it.
    /// </summary>
    public static async Task<List<PrometheusSample>> UntilAsync(HttpClient http, Uri endpoint, Func<List<PrometheusSample>, bool> done)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var samples = await GetAsync(http, endpoint);
            if (done(samples) || clock.Elapsed > TimeSpan.FromSeconds(10))
            {
                return samples;
            }
            await Task.Delay(50);
        }
    }

    /// <summary>The value of the one sample named <paramref name="name"/> with these labels (others may differ); null if there is none.</summary>
    public static double? Find(this List<PrometheusSample> samples, string name, params (string Label, string Value)[] labels) =>
        samples.SingleOrDefault(s => s.Name == name && labels.All(l => s.Label(l.Label) == l.Value))?.Value;

    /// <summary>As <see cref="Find"/>, for a sample that must be there.</summary>
    public static double Value(this List<PrometheusSample> samples, string name, params (string Label, string Value)[] labels) =>
        samples.Find(name, labels) ?? throw new Xunit.Sdk.XunitException($"no sample {name} with {string.Join(", ", labels)}");
}
