using KafkaNet.Protocol.Messages;
using KafkaNet.WebConsole.Dispatch;
using KafkaNet.WebConsole.Dto;
using KafkaNet.WebConsole.Kafka;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace KafkaNet.WebConsole.Api;

/// <summary>GET groups and groups/{id} (members, assignments, lag per partition); POST groups/{id}/reset-offsets.</summary>
internal static class GroupsApi
{
    private const string ConsumerProtocol = "consumer";

    public static void Map(RouteGroupBuilder api, BrokerRequests kafka)
    {
        api.MapGet("/groups", async (CancellationToken cancellationToken) =>
        {
            var listed = await kafka.ListGroupsAsync(cancellationToken).ConfigureAwait(false);
            var described = (await kafka.DescribeGroupsAsync(listed.Select(g => g.GroupId), cancellationToken).ConfigureAwait(false))
                .ToDictionary(g => g.GroupId, StringComparer.Ordinal);
            var groups = listed.OrderBy(g => g.GroupId, StringComparer.Ordinal)
                .Select(g => new GroupSummaryDto(g.GroupId, g.GroupState, g.ProtocolType, described.TryGetValue(g.GroupId, out var d) ? d.Members.Count : 0))
                .ToList();
            return Results.Json(groups, ConsoleJsonContext.Default.ListGroupSummaryDto);
        });
        api.MapGet("/groups/{id}", async (string id, CancellationToken cancellationToken) =>
            Results.Json(await DescribeAsync(kafka, id, cancellationToken).ConfigureAwait(false), ConsoleJsonContext.Default.GroupDto));
        api.MapPost("/groups/{id}/reset-offsets", async (string id, HttpRequest http, CancellationToken cancellationToken) =>
        {
            var body = await RequestBodies.ReadAsync(http, ConsoleJsonContext.Default.ResetOffsetsDto, cancellationToken).ConfigureAwait(false);
            return await GroupOffsetReset.ResetAsync(kafka, id, body, cancellationToken).ConfigureAwait(false);
        });
    }

    private static async Task<GroupDto> DescribeAsync(BrokerRequests kafka, string groupId, CancellationToken cancellationToken)
    {
        var group = await kafka.DescribeGroupAsync(groupId, cancellationToken).ConfigureAwait(false);
        var members = group.Members.OrderBy(m => m.MemberId, StringComparer.Ordinal).Select(m => new MemberDto(m.MemberId, m.GroupInstanceId, m.ClientId, m.ClientHost,
            group.ProtocolType == ConsumerProtocol
                ? ConsumerAssignment.Read(m.MemberAssignment.Span).Select(a => new TopicPartitionDto(a.Topic, a.Partition)).ToList()
                : [])).ToList();
        var owners = new Dictionary<(string, int), string>();
        foreach (var member in members)
        {
            foreach (var assigned in member.Assignment)
            {
                owners[(assigned.Topic, assigned.Partition)] = member.MemberId;
            }
        }
        var committed = await kafka.CommittedOffsetsAsync(groupId, cancellationToken).ConfigureAwait(false);
        var partitions = committed.Keys.Union(owners.Keys).OrderBy(k => k.Item1, StringComparer.Ordinal).ThenBy(k => k.Item2).ToList();
        var ends = await kafka.ListOffsetsAsync(partitions, OffsetQueries.Latest, cancellationToken).ConfigureAwait(false);
        var offsets = partitions.Select(p =>
        {
            long? at = committed.TryGetValue(p, out long c) ? c : null;
            long? end = ends.TryGetValue(p, out long e) ? e : null;
            return new GroupOffsetDto(p.Item1, p.Item2, at, end, at is { } a && end is { } b ? Math.Max(0, b - a) : null, owners.GetValueOrDefault(p));
        }).ToList();
        return new GroupDto(group.GroupId, group.GroupState, group.ProtocolType, group.ProtocolData, members, offsets, offsets.Sum(o => o.Lag ?? 0));
    }
}
