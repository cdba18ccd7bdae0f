using System.Globalization;
using KafkaNet.Cli.Output;

namespace KafkaNet.Cli.ConsumerGroups;

/// <summary>What `kafkanet consumer-groups` prints: Kafka's tables for people, one JSON document with --output json.</summary>
internal static class ConsumerGroupsView
{
    private const string None = "-";

    /// <summary>Group ids one a line; with --state, a table of groups and their states.</summary>
    public static string List(IReadOnlyList<GroupListing> groups, bool withState, bool json)
    {
        if (json)
        {
            return JsonOutput.Serialize(new { groups });
        }

        if (!withState)
        {
            return string.Join('\n', groups.Select(g => g.Group));
        }

        var table = new TextTable("GROUP", "STATE");
        foreach (var g in groups)
        {
            table.Add(g.Group, g.State);
        }

        return table.ToString();
    }

    /// <summary>One table per group, separated by a blank line.</summary>
    public static string Offsets(IReadOnlyList<IReadOnlyList<OffsetReport>> groups, bool json)
    {
        if (json)
        {
            return JsonOutput.Serialize(new { offsets = groups.SelectMany(g => g) });
        }

        return Tables(groups, rows =>
        {
            var table = new TextTable("GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG", "CONSUMER-ID", "HOST", "CLIENT-ID");
            foreach (var r in rows)
            {
                table.Add(r.Group, r.Topic, Number(r.Partition), Number(r.CurrentOffset), Number(r.LogEndOffset), Number(r.Lag),
                    r.ConsumerId ?? None, r.Host ?? None, r.ClientId ?? None);
            }

            return table;
        });
    }

    /// <summary>--verbose adds each member's assignment, as topic(0,1).</summary>
    public static string Members(IReadOnlyList<IReadOnlyList<MemberReport>> groups, bool verbose, bool json)
    {
        if (json)
        {
            return JsonOutput.Serialize(new { members = groups.SelectMany(g => g) });
        }

        return Tables(groups, rows =>
        {
            var table = verbose
                ? new TextTable("GROUP", "CONSUMER-ID", "HOST", "CLIENT-ID", "#PARTITIONS", "ASSIGNMENT")
                : new TextTable("GROUP", "CONSUMER-ID", "HOST", "CLIENT-ID", "#PARTITIONS");
            foreach (var m in rows)
            {
                string[] cells = [m.Group, m.ConsumerId, m.Host, m.ClientId, Number(m.Partitions)];
                table.Add(verbose ? [.. cells, Assignment(m.Assignment)] : cells);
            }

            return table;
        });
    }

    public static string States(IReadOnlyList<StateReport> groups, bool json)
    {
        if (json)
        {
            return JsonOutput.Serialize(new { groups });
        }

        return Tables(groups.Select(g => (IReadOnlyList<StateReport>)[g]).ToList(), rows =>
        {
            var table = new TextTable("GROUP", "COORDINATOR (ID)", "ASSIGNMENT-STRATEGY", "STATE", "#MEMBERS");
            foreach (var g in rows)
            {
                table.Add(g.Group, $"{g.Coordinator} ({(g.CoordinatorId is { } id ? Number(id) : None)})", g.AssignmentStrategy.Length > 0 ? g.AssignmentStrategy : None,
                    g.State, Number(g.Members));
            }

            return table;
        });
    }

    public static string Reset(IReadOnlyList<ResetReport> offsets, bool executed, bool json)
    {
        if (json)
        {
            return JsonOutput.Serialize(new { executed, offsets });
        }

        var table = new TextTable("GROUP", "TOPIC", "PARTITION", "NEW-OFFSET");
        foreach (var r in offsets)
        {
            table.Add(r.Group, r.Topic, Number(r.Partition), Number(r.NewOffset));
        }

        return table.ToString();
    }

    /// <summary>A table of the partitions with "Successful" or the error's name.</summary>
    public static string DeletedOffsets(string group, IReadOnlyList<DeletedOffsetReport> partitions, bool json)
    {
        if (json)
        {
            return JsonOutput.Serialize(new { group, partitions });
        }

        var table = new TextTable("TOPIC", "PARTITION", "STATUS");
        foreach (var p in partitions)
        {
            table.Add(p.Topic, Number(p.Partition), p.Error ?? "Successful");
        }

        return table.ToString();
    }

    /// <summary>Kafka's lines for deleted groups; the failures are separate so they can go to stderr.</summary>
    public static (string Deleted, string Failed) Deleted(IReadOnlyList<DeletedGroupReport> groups, bool json)
    {
        if (json)
        {
            return (JsonOutput.Serialize(new { groups }), string.Empty);
        }

        var deleted = groups.Where(g => g.Error is null).Select(g => $"'{g.Group}'").ToList();
        var failed = groups.Where(g => g.Error is not null).ToList();
        return (
            deleted.Count == 0 ? string.Empty : $"Deletion of requested consumer groups ({string.Join(", ", deleted)}) was successful.",
            failed.Count == 0 ? string.Empty
                : "Deletion of some consumer groups failed:\n" + string.Join('\n', failed.Select(g => $"* Group '{g.Group}' could not be deleted due to: {g.Error}")));
    }

    private static string Tables<T>(IEnumerable<IReadOnlyList<T>> groups, Func<IReadOnlyList<T>, TextTable> table) =>
        string.Join("\n\n", groups.Select(table).Where(t => t.RowCount > 0));

    private static string Assignment(IReadOnlyList<AssignedPartitions> assignment) =>
        assignment.Count == 0 ? None : string.Join(',', assignment.Select(a => $"{a.Topic}({string.Join(',', a.Partitions.Select(p => Number(p)))})"));

    private static string Number(long? value) => value is { } v ? v.ToString(CultureInfo.InvariantCulture) : None;
}
