using System.Globalization;
using KafkaNet.Broker;
using KafkaNet.Broker.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace KafkaNet.Cluster.Node;

/// <summary>
/// The metrics listener: an HTTP endpoint beside the node's Kafka listeners on the same host, serving
/// GET /metrics (Prometheus text format, exported by OpenTelemetry from the broker's meter and the runtime's),
/// GET /health/live and GET /health/ready.
/// </summary>
internal static class MetricsHttp
{
    public const string MetricsPath = "/metrics";
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";

    public static void AddServices(IServiceCollection services, KafkaBroker broker)
    {
        var own = broker.Metrics.Meter;
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("kafkanet", serviceInstanceId: broker.Options.NodeId.ToString(CultureInfo.InvariantCulture)))
            .WithMetrics(metrics => metrics
            .AddMeter(BrokerMetrics.MeterName)
            // Every broker's meter has the same name: one process may run several nodes, each exporting only its own.
            .AddView(instrument => instrument.Meter.Name == BrokerMetrics.MeterName && !ReferenceEquals(instrument.Meter, own) ? MetricStreamConfiguration.Drop : null)
            .AddRuntimeInstrumentation()
            // Every scrape reads the figures of that moment, not a response cached for an earlier scrape.
            .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
    }

    /// <summary>Plain HTTP/1.1: what Prometheus scrapers and health probes speak.</summary>
    public static void Configure(ListenOptions listen) => listen.Protocols = HttpProtocols.Http1;

    /// <param name="ready">Whether the node serves clients (for a broker: registered and unfenced) and is not stopping.</param>
    public static void Map(WebApplication app, Func<bool> ready)
    {
        app.MapPrometheusScrapingEndpoint(MetricsPath);
        app.MapGet(LivePath, () => Results.Text("live"));
        app.MapGet(ReadyPath, () => ready() ? Results.Text("ready") : Results.Text("not ready", statusCode: StatusCodes.Status503ServiceUnavailable));
    }
}
