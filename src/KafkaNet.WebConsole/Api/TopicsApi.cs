using KafkaNet.Broker;
using KafkaNet.Protocol.Messages;
using KafkaNet.WebConsole.Dispatch;
using KafkaNet.WebConsole.Dto;
using KafkaNet.WebConsole.Kafka;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace KafkaNet.WebConsole.Api;

/// <summary>GET topics and topics/{name} (partitions, leaders, ISR, sizes, configs); POST topics; DELETE topics/{name}.</summary>
internal static class TopicsApi
{
    public static void Map(RouteGroupBuilder api, BrokerRequests kafka)
    {
        api.MapGet("/topics", async (CancellationToken cancellationToken) =>
        {
            var metadata = await kafka.MetadataAsync(null, cancellationToken).ConfigureAwait(false);
            var sizes = await kafka.PartitionSizesAsync(null, cancellationToken).ConfigureAwait(false);
            var topics = metadata.Topics.Where(t => t.ErrorCode == 0 && t.Name is not null).OrderBy(t => t.Name, StringComparer.Ordinal)
                .Select(t => new TopicSummaryDto(t.Name!, t.IsInternal, t.Partitions.Count,
                    t.Partitions.Count == 0 ? 0 : t.Partitions.Max(p => p.ReplicaNodes.Count),
                    t.Partitions.Sum(p => sizes.GetValueOrDefault((t.Name!, p.PartitionIndex)))))
                .ToList();
            return Results.Json(topics, ConsoleJsonContext.Default.ListTopicSummaryDto);
        });
        api.MapGet("/topics/{name}", async (string name, CancellationToken cancellationToken) =>
            Results.Json(await DescribeAsync(kafka, name, cancellationToken).ConfigureAwait(false), ConsoleJsonContext.Default.TopicDto));
        api.MapPost("/topics", async (HttpRequest http, CancellationToken cancellationToken) =>
        {
            var body = await RequestBodies.ReadAsync(http, ConsoleJsonContext.Default.CreateTopicDto, cancellationToken).ConfigureAwait(false);
            if (string.IsNullOrWhiteSpace(body.Name))
            {
                return ConsoleErrors.Invalid("A topic needs a name.");
            }
            await kafka.CreateTopicAsync(body.Name.Trim(), body.Partitions, body.ReplicationFactor,
                body.Configs ?? new Dictionary<string, string>(), cancellationToken).ConfigureAwait(false);
            return Results.StatusCode(StatusCodes.Status201Created);
        });
        api.MapDelete("/topics/{name}", async (string name, CancellationToken cancellationToken) =>
        {
            await kafka.DeleteTopicAsync(name, cancellationToken).ConfigureAwait(false);
            return Results.NoContent();
        });
    }

    private static async Task<TopicDto> DescribeAsync(BrokerRequests kafka, string name, CancellationToken cancellationToken)
    {
        var topic = await kafka.TopicAsync(name, cancellationToken).ConfigureAwait(false);
        var partitions = topic.Partitions.Select(p => (name, p.PartitionIndex)).ToList();
        var sizes = await kafka.PartitionSizesAsync([name], cancellationToken).ConfigureAwait(false);
        var starts = await kafka.ListOffsetsAsync(partitions, OffsetQueries.Earliest, cancellationToken).ConfigureAwait(false);
        var ends = await kafka.ListOffsetsAsync(partitions, OffsetQueries.Latest, cancellationToken).ConfigureAwait(false);
        var configs = await kafka.DescribeConfigsAsync(ConfigQueries.TopicResource, name, cancellationToken).ConfigureAwait(false);
        return new TopicDto(name, KafkaUuid.Format(topic.TopicId), topic.IsInternal,
            topic.Partitions.OrderBy(p => p.PartitionIndex).Select(p => Partition(name, p, sizes, starts, ends)).ToList(),
            ConfigEntries.From(configs));
    }

    private static PartitionDto Partition(string topic, MetadataResponse.MetadataResponsePartition p,
        Dictionary<(string, int), long> sizes, Dictionary<(string, int), long> starts, Dictionary<(string, int), long> ends)
    {
        var key = (topic, p.PartitionIndex);
        return new PartitionDto(p.PartitionIndex, p.LeaderId, p.ReplicaNodes, p.IsrNodes,
            sizes.TryGetValue(key, out long size) ? size : null,
            starts.TryGetValue(key, out long start) ? start : null,
            ends.TryGetValue(key, out long end) ? end : null);
    }
}
