using System.Text.Json;
using System.Text.RegularExpressions;

namespace KafkaNet.Server.Tests;

/// <summary>Keeps docker/grafana/kafkanet-dashboard.json loadable and its queries on metrics the broker exports.</summary>
public sealed partial class GrafanaDashboardTests
{
    [Fact]
    public void Every_metric_the_dashboard_queries_is_documented()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docker", "grafana", "kafkanet-dashboard.json")));
        string documented = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "metrics.md"));

        var expressions = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray())
            .Select(t => t.GetProperty("expr").GetString()!)
            .ToList();
        var names = expressions.SelectMany(e => KafkaMetric().Matches(e).Select(m => m.Value)).Distinct().ToList();

        Assert.True(expressions.Count >= 10, "the dashboard has its panels");
        Assert.Contains("kafka_server_brokertopicmetrics_messagesin_total", names);
        Assert.All(names, name => Assert.Contains("`" + Histogram().Replace(name, "") + "`", documented));
    }

    [GeneratedRegex("kafka_[a-z_]+")]
    private static partial Regex KafkaMetric();

    // A histogram is documented by its name, its series end in _bucket, _sum or _count.
    [GeneratedRegex("_(bucket|sum|count)$")]
    private static partial Regex Histogram();
}
