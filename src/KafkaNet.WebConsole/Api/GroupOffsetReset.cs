using KafkaNet.Protocol;
using KafkaNet.WebConsole.Dispatch;
using KafkaNet.WebConsole.Dto;
using KafkaNet.WebConsole.Kafka;
using Microsoft.AspNetCore.Http;

namespace KafkaNet.WebConsole.Api;

/// <summary>
/// Moves a group's committed offsets to the earliest, the latest or a given offset, as kafka-consumer-groups
/// --reset-offsets --execute does: only while the group has no members, and a given offset is kept within the log.
/// </summary>
internal static class GroupOffsetReset
{
    // States in which Kafka lets offsets be reset: no member could be committing over them.
    private static readonly HashSet<string> InactiveStates = new(StringComparer.Ordinal) { "Empty", "Dead" };

    public static async Task<IResult> ResetAsync(BrokerRequests kafka, string groupId, ResetOffsetsDto body, CancellationToken cancellationToken)
    {
        string to = body.To?.ToLowerInvariant() ?? "";
        if (to is not ("earliest" or "latest" or "offset") || (to == "offset" && body.Offset is null))
        {
            return ConsoleErrors.Invalid("Reset to earliest, latest or offset (with an offset).");
        }
        var group = await kafka.DescribeGroupAsync(groupId, cancellationToken).ConfigureAwait(false);
        if (!InactiveStates.Contains(group.GroupState))
        {
            throw new ConsoleApiException(ErrorCode.NonEmptyGroup,
                $"Assignments can only be reset if the group '{groupId}' is inactive, but the current state is {group.GroupState}.");
        }
        var partitions = await PartitionsAsync(kafka, groupId, body.Topic, cancellationToken).ConfigureAwait(false);
        if (partitions.Count == 0)
        {
            return ConsoleErrors.Invalid($"Group '{groupId}' has no committed offsets to reset; name a topic.");
        }
        var earliest = await kafka.ListOffsetsAsync(partitions, OffsetQueries.Earliest, cancellationToken).ConfigureAwait(false);
        var latest = await kafka.ListOffsetsAsync(partitions, OffsetQueries.Latest, cancellationToken).ConfigureAwait(false);
        var target = new Dictionary<(string Topic, int Partition), long>();
        foreach (var p in partitions)
        {
            if (!earliest.TryGetValue(p, out long start) || !latest.TryGetValue(p, out long end))
            {
                throw new ConsoleApiException(ErrorCode.NotLeaderOrFollower, $"The offsets of {p.Topic}-{p.Partition} are not known to this broker.");
            }
            target[p] = to switch
            {
                "earliest" => start,
                "latest" => end,
                _ => Math.Clamp(body.Offset!.Value, start, end),
            };
        }
        await kafka.CommitAsync(groupId, target, cancellationToken).ConfigureAwait(false);
        var result = target.OrderBy(t => t.Key.Topic, StringComparer.Ordinal).ThenBy(t => t.Key.Partition)
            .Select(t => new PartitionOffsetDto(t.Key.Topic, t.Key.Partition, t.Value)).ToList();
        return Results.Json(new ResetResultDto(groupId, result), ConsoleJsonContext.Default.ResetResultDto);
    }

    // Every partition of the named topic, or every partition the group has an offset for.
    private static async Task<List<(string Topic, int Partition)>> PartitionsAsync(BrokerRequests kafka, string groupId, string? topic,
        CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(topic))
        {
            var metadata = await kafka.TopicAsync(topic, cancellationToken).ConfigureAwait(false);
            return metadata.Partitions.Select(p => (topic, p.PartitionIndex)).OrderBy(p => p.PartitionIndex).ToList();
        }
        var committed = await kafka.CommittedOffsetsAsync(groupId, cancellationToken).ConfigureAwait(false);
        return committed.Keys.ToList();
    }
}
