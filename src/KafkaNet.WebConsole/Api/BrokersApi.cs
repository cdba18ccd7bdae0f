using System.Globalization;
using KafkaNet.WebConsole.Dispatch;
using KafkaNet.WebConsole.Dto;
using KafkaNet.WebConsole.Kafka;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Builder;

namespace KafkaNet.WebConsole.Api;

/// <summary>GET brokers (the cluster and its brokers) and brokers/{id}/configs.</summary>
internal static class BrokersApi
{
    public static void Map(RouteGroupBuilder api, BrokerRequests kafka)
    {
        api.MapGet("/brokers", async (CancellationToken cancellationToken) =>
        {
            var cluster = await kafka.DescribeClusterAsync(cancellationToken).ConfigureAwait(false);
            var brokers = cluster.Brokers.OrderBy(b => b.BrokerId)
                .Select(b => new BrokerDto(b.BrokerId, b.Host, b.Port, b.Rack, b.IsFenced)).ToList();
            return Results.Json(new ClusterDto(cluster.ClusterId, cluster.ControllerId, kafka.Broker.Options.NodeId, brokers),
                ConsoleJsonContext.Default.ClusterDto);
        });
        api.MapGet("/brokers/{id:int}/configs", async (int id, CancellationToken cancellationToken) =>
        {
            var configs = await kafka.DescribeConfigsAsync(ConfigQueries.BrokerResource, id.ToString(CultureInfo.InvariantCulture), cancellationToken)
                .ConfigureAwait(false);
            return Results.Json(ConfigEntries.From(configs), ConsoleJsonContext.Default.ListConfigEntryDto);
        });
    }
}
