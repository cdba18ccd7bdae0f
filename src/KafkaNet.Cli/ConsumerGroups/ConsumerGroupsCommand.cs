using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KafkaNet.Cli.Admin;
using KafkaNet.Cli.Arguments;
using KafkaNet.Cli.Output;
using static KafkaNet.Cli.ConsumerGroups.ConsumerGroupsView;

namespace KafkaNet.Cli.ConsumerGroups;

/// <summary>
/// `kafkanet consumer-groups`: lists, describes and deletes consumer groups and resets or deletes their committed
/// offsets, as Kafka's kafka-consumer-groups does.
/// Exit codes: 0 done, 1 the cluster answered with an error or could not be reached, 1 also for invalid arguments.
/// </summary>
internal static class ConsumerGroupsCommand
{
    public const string Name = "consumer-groups";

    /// <param name="args">The arguments after "consumer-groups".</param>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        var (arguments, exitCode) = await CommandArguments.ParseAsync(
            () => ConsumerGroupsArguments.Parse(args), a => a.Action == ConsumerGroupsAction.Help, Usage.ConsumerGroups, stdout, stderr).ConfigureAwait(false);
        if (arguments is null)
        {
            return exitCode;
        }

        try
        {
            using var admin = new ConsumerGroupsAdmin(AdminClient.Properties(arguments.BootstrapServers, arguments.CommandConfig));
            var result = await ExecuteAsync(admin, arguments).ConfigureAwait(false);
            foreach (string note in result.Notes)
            {
                await stderr.WriteLineAsync(note).ConfigureAwait(false);
            }

            if (result.Output.Length > 0)
            {
                await stdout.WriteLineAsync(result.Output).ConfigureAwait(false);
            }

            return result.Succeeded ? ExitCode.Done : ExitCode.Failed;
        }
        catch (CommandFailedException e)
        {
            return await ExitCode.FailedAsync(stderr, e).ConfigureAwait(false);
        }
    }

    /// <summary>What a run prints: stdout, lines for stderr (notes, or what failed), and whether everything was done.</summary>
    private sealed record Result(string Output, IReadOnlyList<string> Notes, bool Succeeded = true);

    private static async Task<Result> ExecuteAsync(ConsumerGroupsAdmin admin, ConsumerGroupsArguments arguments) => arguments.Action switch
    {
        ConsumerGroupsAction.List => await ListAsync(admin, arguments).ConfigureAwait(false),
        ConsumerGroupsAction.Describe => await DescribeAsync(admin, arguments).ConfigureAwait(false),
        ConsumerGroupsAction.ResetOffsets => await ResetAsync(admin, arguments).ConfigureAwait(false),
        ConsumerGroupsAction.DeleteOffsets => await DeleteOffsetsAsync(admin, arguments).ConfigureAwait(false),
        _ => await DeleteAsync(admin, arguments).ConfigureAwait(false),
    };

    private static async Task<Result> ListAsync(ConsumerGroupsAdmin admin, ConsumerGroupsArguments arguments)
    {
        var groups = (await admin.ListAsync().ConfigureAwait(false))
            .Select(g => new GroupListing(g.GroupId, g.State.ToString()))
            .Where(g => arguments.States is not { Count: > 0 } states || states.Contains(g.State, StringComparer.Ordinal))
            .ToList();
        return new Result(List(groups, arguments.States is not null, arguments.Json), []);
    }

    private static async Task<Result> DescribeAsync(ConsumerGroupsAdmin admin, ConsumerGroupsArguments arguments)
    {
        var notes = new List<string>();
        var groups = new List<(ConsumerGroupDescription Description, IReadOnlyDictionary<TopicPartition, long> Committed)>();
        foreach (string group in await GroupsAsync(admin, arguments).ConfigureAwait(false))
        {
            var description = await admin.DescribeAsync(group).ConfigureAwait(false);
            var committed = await admin.CommittedAsync(group).ConfigureAwait(false);
            if (description.State is ConsumerGroupState.Dead or ConsumerGroupState.Unknown && description.Members.Count == 0 && committed.Count == 0)
            {
                throw new CommandFailedException($"GROUP_ID_NOT_FOUND: Consumer group '{group}' does not exist.");
            }

            if (arguments.View != DescribeView.State)
            {
                if (description.State is ConsumerGroupState.PreparingRebalance or ConsumerGroupState.CompletingRebalance)
                {
                    notes.Add($"Warning: Consumer group '{group}' is rebalancing.");
                }
                else if (description.Members.Count == 0)
                {
                    notes.Add($"Consumer group '{group}' has no active members.");
                }
            }

            groups.Add((description, committed));
        }

        string output;
        switch (arguments.View)
        {
            case DescribeView.State:
                output = States([.. groups.Select(g => StateOf(g.Description))], arguments.Json);
                break;
            case DescribeView.Members:
                output = Members([.. groups.Select(g => MembersOf(g.Description))], arguments.Verbose, arguments.Json);
                break;
            default:
                var reports = new List<IReadOnlyList<OffsetReport>>();
                foreach (var (description, committed) in groups)
                {
                    reports.Add(await OffsetsOfAsync(admin, description, committed).ConfigureAwait(false));
                }

                output = Offsets(reports, arguments.Json);
                break;
        }

        return new Result(output, arguments.Json ? [] : notes);
    }

    /// <summary>Every partition the group has an offset for or a member is assigned, with its lag where both offsets are known.</summary>
    private static async Task<IReadOnlyList<OffsetReport>> OffsetsOfAsync(
        ConsumerGroupsAdmin admin, ConsumerGroupDescription description, IReadOnlyDictionary<TopicPartition, long> committed)
    {
        var owners = new Dictionary<TopicPartition, MemberDescription>();
        foreach (var member in description.Members)
        {
            foreach (var partition in member.Assignment?.TopicPartitions ?? [])
            {
                owners[partition] = member;
            }
        }

        var partitions = committed.Keys.Union(owners.Keys).OrderBy(p => p.Topic, StringComparer.Ordinal).ThenBy(p => p.Partition.Value).ToList();
        var logEnd = await admin.OffsetsAsync(partitions, OffsetSpec.Latest()).ConfigureAwait(false);
        return [.. partitions.Select(p =>
        {
            long? current = committed.TryGetValue(p, out long c) ? c : null;
            long? end = logEnd.TryGetValue(p, out long e) && e >= 0 ? e : null;
            var owner = owners.GetValueOrDefault(p);
            return new OffsetReport(description.GroupId, p.Topic, p.Partition.Value, current, end, current is { } at && end is { } last ? last - at : null,
                owner?.ConsumerId, owner?.Host, owner?.ClientId);
        })];
    }

    private static List<MemberReport> MembersOf(ConsumerGroupDescription description) =>
    [
        .. description.Members.Select(m => new MemberReport(description.GroupId, m.ConsumerId, m.Host, m.ClientId,
            [
                .. (m.Assignment?.TopicPartitions ?? []).GroupBy(p => p.Topic).OrderBy(g => g.Key, StringComparer.Ordinal)
                    .Select(g => new AssignedPartitions(g.Key, [.. g.Select(p => p.Partition.Value).Order()])),
            ])),
    ];

    private static StateReport StateOf(ConsumerGroupDescription description) => new(
        description.GroupId,
        description.Coordinator is { } node ? $"{node.Host}:{node.Port}" : "-",
        description.Coordinator?.Id,
        description.PartitionAssignor ?? string.Empty,
        description.State.ToString(),
        description.Members.Count);

    private static async Task<Result> ResetAsync(ConsumerGroupsAdmin admin, ConsumerGroupsArguments arguments)
    {
        var reports = new List<ResetReport>();
        var plans = new List<(string Group, List<TopicPartitionOffset> Offsets)>();
        foreach (string group in await GroupsAsync(admin, arguments).ConfigureAwait(false))
        {
            var description = await admin.DescribeAsync(group).ConfigureAwait(false);
            if (description.State is not (ConsumerGroupState.Empty or ConsumerGroupState.Dead))
            {
                throw new CommandFailedException(
                    $"Assignments can only be reset if the group '{group}' is inactive, but the current state is {description.State}.");
            }

            var committed = await admin.CommittedAsync(group).ConfigureAwait(false);
            var partitions = arguments.AllTopics
                ? [.. committed.Keys.OrderBy(p => p.Topic, StringComparer.Ordinal).ThenBy(p => p.Partition.Value)]
                : PartitionsOf(admin, arguments.Topics);
            var offsets = await NewOffsetsAsync(admin, arguments, partitions, committed).ConfigureAwait(false);
            plans.Add((group, offsets));
            reports.AddRange(offsets.Select(o => new ResetReport(group, o.Topic, o.Partition.Value, o.Offset.Value)));
        }

        if (arguments.Execute)
        {
            foreach (var (group, offsets) in plans.Where(p => p.Offsets.Count > 0))
            {
                await admin.CommitAsync(group, offsets).ConfigureAwait(false);
            }
        }

        return new Result(Reset(reports, arguments.Execute, arguments.Json), arguments.Execute || arguments.Json ? [] : ["Dry run: add --execute to reset the offsets."]);
    }

    private static List<TopicPartition> PartitionsOf(ConsumerGroupsAdmin admin, IReadOnlyList<TopicPartitions> topics)
    {
        var whole = admin.PartitionsOf(topics.Where(t => t.Partitions is null).Select(t => t.Topic).Distinct(StringComparer.Ordinal));
        return
        [
            .. topics.Where(t => t.Partitions is not null).SelectMany(t => t.Partitions!.Select(p => new TopicPartition(t.Topic, p)))
                .Concat(whole).Distinct().OrderBy(p => p.Topic, StringComparer.Ordinal).ThenBy(p => p.Partition.Value),
        ];
    }

    /// <summary>Each partition's new offset for the scenario, kept between the log start and the log end as Kafka's tool does.</summary>
    private static async Task<List<TopicPartitionOffset>> NewOffsetsAsync(
        ConsumerGroupsAdmin admin, ConsumerGroupsArguments arguments, List<TopicPartition> partitions, IReadOnlyDictionary<TopicPartition, long> committed)
    {
        var earliest = await admin.OffsetsAsync(partitions, OffsetSpec.Earliest()).ConfigureAwait(false);
        var latest = await admin.OffsetsAsync(partitions, OffsetSpec.Latest()).ConfigureAwait(false);
        IReadOnlyDictionary<TopicPartition, long>? byTime = arguments.Scenario switch
        {
            ResetScenario.ToDatetime => await admin.OffsetsAsync(partitions, OffsetSpec.ForTimestamp(arguments.Datetime.ToUnixTimeMilliseconds())).ConfigureAwait(false),
            ResetScenario.ByDuration => await admin.OffsetsAsync(partitions, OffsetSpec.ForTimestamp((DateTimeOffset.UtcNow - arguments.Duration).ToUnixTimeMilliseconds()))
                .ConfigureAwait(false),
            _ => null,
        };

        return [.. partitions.Select(p =>
        {
            long start = earliest[p];
            long end = latest[p];
            long offset = arguments.Scenario switch
            {
                ResetScenario.ToEarliest => start,
                ResetScenario.ToLatest => end,
                ResetScenario.ToCurrent => committed.TryGetValue(p, out long current) ? current : end,
                ResetScenario.ToOffset => arguments.Offset,
                ResetScenario.ShiftBy => committed.TryGetValue(p, out long current)
                    ? SaturatingAdd(current, arguments.Offset)
                    : throw new CommandFailedException($"Cannot shift offset for partition {p.Topic}-{p.Partition.Value} since there is no current committed offset."),
                _ => byTime![p] is >= 0 and var found ? found : end,
            };
            return new TopicPartitionOffset(p, Math.Clamp(offset, start, end));
        })];
    }

    private static long SaturatingAdd(long offset, long shift) =>
        shift > 0 && offset > long.MaxValue - shift ? long.MaxValue : shift < 0 && offset < long.MinValue - shift ? long.MinValue : offset + shift;

    private static async Task<Result> DeleteOffsetsAsync(ConsumerGroupsAdmin admin, ConsumerGroupsArguments arguments)
    {
        string group = arguments.Groups[0];
        var results = await admin.DeleteOffsetsAsync(group, PartitionsOf(admin, arguments.Topics)).ConfigureAwait(false);
        var reports = results.Select(r => new DeletedOffsetReport(r.Partition.Topic, r.Partition.Partition.Value, r.Error is { } e ? KafkaErrorText.Name(e) : null)).ToList();
        bool succeeded = reports.All(r => r.Error is null);
        string summary = succeeded ? $"Request succeeded for deleting offsets from group {group}." : $"Request failed for deleting offsets from group {group}.";
        return new Result(DeletedOffsets(group, reports, arguments.Json), arguments.Json ? [] : [summary], succeeded);
    }

    private static async Task<Result> DeleteAsync(ConsumerGroupsAdmin admin, ConsumerGroupsArguments arguments)
    {
        var groups = await GroupsAsync(admin, arguments).ConfigureAwait(false);
        if (groups.Count == 0)
        {
            return new Result(Deleted([], arguments.Json).Deleted, []);
        }

        var results = await admin.DeleteAsync(groups).ConfigureAwait(false);
        var reports = results.Select(r => new DeletedGroupReport(r.Group, r.Error is { } e ? KafkaErrorText.Describe(e) : null)).ToList();
        var (deleted, failed) = Deleted(reports, arguments.Json);
        return new Result(deleted, failed.Length > 0 ? [failed] : [], reports.All(r => r.Error is null));
    }

    /// <summary>The groups named by --group, or every group for --all-groups.</summary>
    private static async Task<IReadOnlyList<string>> GroupsAsync(ConsumerGroupsAdmin admin, ConsumerGroupsArguments arguments) =>
        arguments.AllGroups ? [.. (await admin.ListAsync().ConfigureAwait(false)).Select(g => g.GroupId)] : arguments.Groups;
}
